/// Remembers the first line of each example hash, to find duplicates within a file and overlap
/// between a validation file and its training file.
public struct ExampleIndex: Sendable {
    private var firstLine: [UInt64: Int] = [:]

    public init() {}

    /// Records the example; returns the line where the same example first appeared, if any.
    mutating func insert(_ hash: UInt64, line: Int) -> Int? {
        if let earlier = firstLine[hash] { return earlier }
        firstLine[hash] = line
        return nil
    }

    func line(of hash: UInt64) -> Int? { firstLine[hash] }
}
