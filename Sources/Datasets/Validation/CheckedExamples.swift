import Crypto
import SweepCore

/// A JSONL file read one example at a time under `data validate`'s per-line rules (encoding, blank
/// lines, JSON, the format's schema), in bounded memory: what reads examples for another purpose
/// (an evaluation's test set) accepts exactly what validation accepts.
public final class CheckedExamples {
    /// One line: its object when every rule held, else its first error.
    public enum Line {
        case example(line: Int, object: JSONObject, format: ExampleFormat)
        case problem(DataProblem)
    }

    private let reader: LineChunkReader
    private let checker: ExampleChecker
    private var pending: [Line] = []
    private var cursor = 0
    private var hasher = SHA256()
    /// The digest of the file's bytes, once `next()` has returned nil.
    public private(set) var digest: DatasetDigest?

    public init(path: String) throws(DatasetError) {
        reader = try LineChunkReader(path: path, blockSize: 1 << 20)
        // Token counts are not wanted here: the estimating counter keeps the rules without the rank file.
        checker = ExampleChecker(counter: TokenCountCache(.estimated))
    }

    /// The next line that is an example or an error (warnings pass), or nil at the end of the file.
    public func next() throws(DatasetError) -> Line? {
        while cursor == pending.count {
            guard let chunk = try reader.next() else {
                if digest == nil { digest = DatasetDigest(hasher.finalize()) }
                return nil
            }
            chunk.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            pending.removeAll(keepingCapacity: true)
            cursor = 0
            read(chunk)
        }
        cursor += 1
        return pending[cursor - 1]
    }

    private func read(_ chunk: LineChunk) {
        chunk.forEachLine { bytes, line, isFileStart in
            let checked = LineChecker.examine(bytes, line: line, isFileStart: isFileStart, checker: checker)
            if let error = checked.problems.first(where: { $0.severity == .error }) {
                pending.append(.problem(error))
            } else if let object = checked.object, let record = checked.record {
                pending.append(.example(line: line, object: object, format: record.format))
            }
        }
    }
}
