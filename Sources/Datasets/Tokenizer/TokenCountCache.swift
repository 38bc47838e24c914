#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers the token counts of strings one worker has seen: system prompts, roles and labels repeat
/// in nearly every example, and hashing a string is forty times cheaper than encoding it.
/// Not `Sendable`: each worker makes its own.
final class TokenCountCache {
    private let counter: TokenCounter
    /// The encoding's raw kernel, valid while `counter` holds the encoding.
    private let kernel: BPEKernel?
    private var counts: [ExactText: Int] = [:]
    private static let longestCached = 4_096
    private static let capacity = 20_000

    init(_ counter: TokenCounter) {
        self.counter = counter
        if case .exact(let encoding) = counter { kernel = encoding.kernel } else { kernel = nil }
    }

    private func uncached(_ text: String) -> Int {
        guard let kernel else { return counter.count(text) }
        if let count = text.utf8.withContiguousStorageIfAvailable(kernel.count(utf8:)) { return count }
        return counter.count(text)
    }

    /// The count of `text`; `remember` false for text unlikely to come again, which skips the cache.
    func count(_ text: String, remember: Bool) -> Int {
        guard remember, text.utf8.count <= Self.longestCached else { return uncached(text) }
        let key = ExactText(text)
        if let known = counts[key] { return known }
        let tokens = uncached(text)
        if counts.count >= Self.capacity { counts.removeAll(keepingCapacity: true) }
        counts[key] = tokens
        return tokens
    }
}

/// A string compared and hashed by its UTF-8 bytes: `String` equality is canonical equivalence,
/// but "é" and "e\u{301}" have different tokens.
private struct ExactText: Hashable {
    let text: String
    init(_ text: String) { self.text = text }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
        let fast = lhs.text.utf8.withContiguousStorageIfAvailable { left in
            rhs.text.utf8.withContiguousStorageIfAvailable { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
        return (fast ?? nil) ?? lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        // The rank table's hash, then one word through SipHash: hashing whole strings showed in profiles.
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { RankTable.hash($0, bytes.count) } ?? 0
        }
        hasher.combine(fast ?? text.utf8.count)
    }
}
