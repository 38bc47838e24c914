/// Why a dataset could not be read or checked at all (problems inside the data are `DataProblem`s).
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case lineTooLong(path: String, line: Int, limit: Int)
    case tokenizerUnavailable(encoding: String, reason: String)
    case rankFileCorrupt(path: String, line: Int, detail: String)
    case rankFileMismatch(path: String, expected: String, found: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot read the file (\(reason))"
        case let .lineTooLong(path, line, limit):
            "\(path):\(line): line_too_long: the line runs past \(limit / (1 << 20)) MiB without ending; no example OpenAI accepts is that long"
        case let .tokenizerUnavailable(encoding, reason): "no \(encoding) rank file: \(reason)"
        case let .rankFileCorrupt(path, line, detail): "\(path):\(line): not a tiktoken rank file: \(detail)"
        case let .rankFileMismatch(path, expected, found):
            "\(path): SHA-256 is \(found), expected \(expected); the file is not the published rank file"
        }
    }
}
