/// Counts tokens exactly with a BPE encoding, or estimates them (four bytes a token) when no rank
/// file could be had; reports say which.
public enum TokenCounter: Sendable {
    case exact(BPEEncoding)
    case estimated

    public var isExact: Bool { if case .exact = self { true } else { false } }

    @inline(__always)
    public func count(_ text: String) -> Int {
        switch self {
        case .exact(let encoding): encoding.count(text)
        case .estimated: (text.utf8.count + 3) / 4
        }
    }
}
