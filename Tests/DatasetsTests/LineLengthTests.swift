import Datasets
import Foundation
import SweepCore
import TestSupport
import Testing

private let store = TokenizerStore()

private func validator(maxLineBytes: Int, chunkSize: Int = 1 << 20) throws -> DatasetValidator {
    let model = ModelCatalog.standard.info(for: "gpt-4o-mini-2024-07-18")
    var validator = DatasetValidator(counter: .exact(try store.load(.o200kBase)), model: model, epochs: nil, pricesAsOf: "test")
    validator.maxLineBytes = maxLineBytes
    validator.chunkSize = chunkSize
    return validator
}

private func chat(_ user: String) -> String {
    #"{"messages":[{"role":"user","content":"\#(user)"},{"role":"assistant","content":"ok"}]}"#
}

private func write(_ text: String) -> String {
    let path = TestPaths.scratchDirectory("line-length") + "/data.jsonl"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// A line that never ends must stop the read with its line number, in memory bounded by the limit.
@Suite struct LineLengthTests {
    @Test(arguments: [64, 1 << 20])
    func aLineOverTheLimitInsideAChunkStopsWithItsLineNumber(chunkSize: Int) throws {
        let lines = (0..<12).map { chat("q\($0)") } + [chat(String(repeating: "x", count: 5_000))] + [chat("last")]
        let path = write(lines.joined(separator: "\n") + "\n")
        #expect(throws: DatasetError.lineTooLong(path: path, line: 13, limit: 2_000)) {
            try validator(maxLineBytes: 2_000, chunkSize: chunkSize).validateTraining(path: path)
        }
    }

    @Test func aFinalLineWithoutANewlineOverTheLimitStops() throws {
        let path = write(chat("a") + "\n" + String(repeating: "y", count: 10_000))
        #expect(throws: DatasetError.lineTooLong(path: path, line: 2, limit: 4_096)) {
            try validator(maxLineBytes: 4_096, chunkSize: 1_024).validateTraining(path: path)
        }
    }

    @Test func linesAtTheLimitAreRead() throws {
        let lines = (0..<12).map { chat("question \($0)") }
        let longest = lines.map(\.utf8.count).max() ?? 0
        let report = try validator(maxLineBytes: longest, chunkSize: 100).validateTraining(path: write(lines.joined(separator: "\n") + "\n")).report
        #expect(report.isValid && report.examples == 12)
    }

    @Test func devZeroStopsAtTheDefaultLimit() throws {
        var validator = try validator(maxLineBytes: 0)
        validator.maxLineBytes = DatasetValidator(counter: validator.counter, model: validator.model, epochs: nil, pricesAsOf: "").maxLineBytes
        #expect(validator.maxLineBytes == 256 << 20)
        #expect(throws: DatasetError.lineTooLong(path: "/dev/zero", line: 1, limit: 256 << 20)) {
            try validator.validateTraining(path: "/dev/zero")
        }
    }
}
