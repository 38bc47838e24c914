import Crypto
import SweepCore

/// One parsed example, as the ordered merge needs it (the text itself is not kept).
struct ExampleRecord: Sendable {
    var line: Int
    /// The first 64 bits of the SHA-256 of the line's bytes: the identity for duplicates and overlap.
    var hash: UInt64
    var tokens: Int
    var assistantTokens: Int
    var format: ExampleFormat
    var isValid: Bool
}

/// What one chunk of lines produced; chunks are checked in parallel and merged in order.
struct ChunkResult: Sendable {
    var problems: [DataProblem] = []
    var examples: [ExampleRecord] = []
    var lines = 0
}

/// The per-line checks (encoding, JSON, then the example rules), independent of other lines.
struct LineChecker: Sendable {
    let counter: TokenCounter

    func check(_ chunk: LineChunk) -> ChunkResult {
        var result = ChunkResult()
        let checker = ExampleChecker(counter: TokenCountCache(counter))
        chunk.forEachLine { bytes, line, isFileStart in
            checkLine(bytes, line: line, isFileStart: isFileStart, checker: checker, into: &result)
            result.lines += 1
        }
        return result
    }

    private func checkLine(_ raw: UnsafeBufferPointer<UInt8>, line: Int, isFileStart: Bool, checker: ExampleChecker, into result: inout ChunkResult) {
        let checked = Self.examine(raw, line: line, isFileStart: isFileStart, checker: checker)
        result.problems += checked.problems
        if let record = checked.record { result.examples.append(record) }
    }

    /// One line through every per-line rule: its problems and, once it parsed as an object, the
    /// object and its record (valid or not).
    static func examine(_ raw: UnsafeBufferPointer<UInt8>, line: Int, isFileStart: Bool, checker: ExampleChecker)
        -> (problems: [DataProblem], object: JSONObject?, record: ExampleRecord?)
    {
        var problems: [DataProblem] = []
        var bytes = raw
        if isFileStart, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            problems.append(DataProblem(line: line, key: .bom, message: "the file starts with a UTF-8 byte-order mark; save it without one"))
            bytes = UnsafeBufferPointer(rebasing: bytes[3...])
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            problems.append(DataProblem(line: line, key: .emptyLine, message: "empty line; every line must hold one JSON example"))
            return (problems, nil, nil)
        }
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            let byte = JSONParser.hex(UInt32(bytes[offset]), width: 2)
            problems.append(DataProblem(line: line, key: .invalidUTF8, message: "byte 0x\(byte) at column \(offset + 1) is not valid UTF-8"))
            return (problems, nil, nil)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            problems.append(DataProblem(line: line, key: .invalidJSON, message: "column \(error.column): \(error.detail)"))
            return (problems, nil, nil)
        }
        guard let object = value.objectValue else {
            problems.append(DataProblem(line: line, key: .dataType, message: "expected a JSON object, found \(value.typeName)"))
            return (problems, nil, nil)
        }
        let outcome = checker.check(object)
        for problem in outcome.problems {
            problems.append(DataProblem(line: line, key: problem.key, message: problem.message))
        }
        let digest = SHA256.hash(data: UnsafeRawBufferPointer(bytes))
        let hash = digest.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let record = ExampleRecord(
            line: line, hash: hash, tokens: outcome.tokens, assistantTokens: outcome.assistantTokens,
            format: outcome.format, isValid: !outcome.hasError)
        return (problems, object, record)
    }
}
