import SweepCore

/// A tiktoken-compatible byte-pair encoding: the same pieces, merges and ids as OpenAI's tiktoken
/// (`encode_ordinary`: special-token text is encoded as ordinary text).
public struct BPEEncoding: Sendable {
    public let name: TokenEncodingName
    private let tables: EncodingTables

    init(name: TokenEncodingName, ranks: RankTable) {
        self.name = name
        self.tables = EncodingTables(ranks: ranks)
    }

    /// The number of ranks in the vocabulary's rank file.
    public var rankCount: Int { tables.ranks.count }

    /// The token ids of `text`.
    public func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        withKernel { kernel in
            withUTF8(text) { bytes in kernel.forEachToken(in: bytes) { ids.append($0) } }
        }
        return ids
    }

    /// The number of tokens in `text`, without building the id array.
    public func count(_ text: String) -> Int {
        withKernel { kernel in withUTF8(text) { kernel.count(utf8: $0) } }
    }

    /// The number of tokens in valid UTF-8 bytes.
    public func count(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        withKernel { $0.count(utf8: bytes) }
    }

    /// The bytes the ids stand for (the inverse of `encode`).
    public func decode(_ ids: [Int]) -> [UInt8] {
        ids.flatMap { tables.ranks.bytes(ofRank: $0) ?? [] }
    }

    /// Runs `body` with the raw kernel, keeping the tables alive for its duration.
    func withKernel<R>(_ body: (BPEKernel) -> R) -> R {
        withExtendedLifetime(tables) { body(kernel) }
    }

    /// The raw kernel; valid only while this encoding (or a copy) lives.
    var kernel: BPEKernel {
        BPEKernel(lookup: tables.ranks.lookup, classes: UnsafePointer(tables.classes.baseAddress!), preTokenizer: PreTokenizer(name))
    }

    private func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }
}

/// The memory an encoding reads: the rank table and the scalar-class table.
private final class EncodingTables: @unchecked Sendable {
    // @unchecked Sendable: both are filled in `init` and only read after.
    let ranks: RankTable
    let classes: UnsafeMutableBufferPointer<UInt8>

    init(ranks: RankTable) {
        self.ranks = ranks
        classes = .allocate(capacity: ScalarClass.basicPlane.count)
        _ = classes.initialize(from: ScalarClass.basicPlane)
    }

    deinit { classes.deallocate() }
}

/// The encoding's hot loop over raw pointers: pre-tokenise, then merge each piece. A trivial value,
/// so workers on several cores copy it without touching a shared reference count.
struct BPEKernel {
    let lookup: RankLookup
    let classes: UnsafePointer<UInt8>
    let preTokenizer: PreTokenizer

    @inline(__always)
    func count(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var total = 0
        forEachToken(in: bytes) { _ in total += 1 }
        return total
    }

    @inline(__always)
    func forEachToken(in bytes: UnsafeBufferPointer<UInt8>, _ emit: (Int) -> Void) {
        preTokenizer.forEachPiece(in: bytes, classes: classes) { piece in mergePiece(bytes, piece, emit) }
    }

    /// tiktoken's `byte_pair_encode`: repeatedly merge the adjacent pair of lowest rank (leftmost on ties).
    @inline(__always)
    private func mergePiece(_ bytes: UnsafeBufferPointer<UInt8>, _ piece: Range<Int>, _ emit: (Int) -> Void) {
        let base = bytes.baseAddress! + piece.lowerBound
        let length = piece.count
        if let whole = lookup.rank(of: base, count: length) {
            emit(whole)
            return
        }
        withUnsafeTemporaryAllocation(of: (start: Int, rank: Int).self, capacity: length + 1) { parts in
            var partCount = 0
            var best = (rank: Int.max, index: -1)
            for index in 0..<(length - 1) {
                let rank = lookup.rank(of: base + index, count: 2) ?? .max
                if rank < best.rank { best = (rank, index) }
                parts[partCount] = (index, rank)
                partCount += 1
            }
            parts[partCount] = (length - 1, .max)
            parts[partCount + 1] = (length, .max)
            partCount += 2

            func rankAround(_ index: Int) -> Int {
                guard index + 3 < partCount else { return .max }
                let start = parts[index].start
                return lookup.rank(of: base + start, count: parts[index + 3].start - start) ?? .max
            }

            while best.rank != .max {
                let index = best.index
                if index > 0 { parts[index - 1].rank = rankAround(index - 1) }
                parts[index].rank = rankAround(index)
                for move in (index + 1)..<(partCount - 1) { parts[move] = parts[move + 1] }
                partCount -= 1
                best = (.max, -1)
                for scan in 0..<(partCount - 1) where parts[scan].rank < best.rank {
                    best = (parts[scan].rank, scan)
                }
            }
            for index in 0..<(partCount - 1) {
                let start = parts[index].start
                // Every single byte is a token, so a merged part always has a rank.
                emit(lookup.rank(of: base + start, count: parts[index + 1].start - start) ?? 0)
            }
        }
    }
}
