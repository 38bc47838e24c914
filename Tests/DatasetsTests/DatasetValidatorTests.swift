import Datasets
import Foundation
import SweepCore
import TestSupport
import Testing

private let store = TokenizerStore()
private let gpt4oMini = ModelCatalog.standard.info(for: "gpt-4o-mini-2024-07-18")

private func validator(limit: Int? = nil, chunkSize: Int? = nil) throws -> DatasetValidator {
    var model = gpt4oMini
    if let limit { model.trainingTokenLimit = limit }
    var validator = DatasetValidator(counter: .exact(try store.load(.o200kBase)), model: model, epochs: nil, pricesAsOf: "test")
    if let chunkSize { validator.chunkSize = chunkSize }
    return validator
}

private func write(_ lines: [String], trailingNewline: Bool = true) -> String {
    let path = TestPaths.scratchDirectory("data") + "/data.jsonl"
    let text = lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

private func chat(_ user: String, _ answer: String = "ok") -> String {
    #"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"\#(user)"},{"role":"assistant","content":"\#(answer)"}]}"#
}

@Suite struct DatasetValidatorTests {
    @Test func theCookbookToyExampleCounts43TokensUnderO200k() throws {
        // The cookbook's example conversation; tokenizers/README.md gives 43 under o200k_base.
        let line = #"{"messages":[{"role":"system","content":"You are a happy assistant that puts a positive spin on everything."},{"role":"user","content":"I fell off my bike today."},{"role":"assistant","content":"It's great that you're getting exercise outdoors!"}]}"#
        let report = try validator().validateTraining(path: write(Array(repeating: line, count: 1) + (0..<10).map { chat("q\($0)") })).report
        let tokens = try #require(report.tokens)
        #expect(tokens.max == 43)
        #expect(report.assistantTokens?.max == 8)  // tiktoken: 8 tokens in the answer
    }

    @Test func duplicatesAreWarningsThatNameTheFirstLine() throws {
        let lines = (0..<10).map { chat("question \($0)") } + [chat("question 3")]
        let report = try validator().validateTraining(path: write(lines)).report
        #expect(report.isValid)
        #expect(report.problems == [DataProblem(line: 11, key: .duplicateExample, message: "the same example as line 4")])
    }

    @Test func validationExamplesSharedWithTrainingAreFlagged() throws {
        let training = write((0..<12).map { chat("train \($0)") })
        let validation = write((0..<10).map { chat("valid \($0)") } + [chat("train 5")])
        let reports = try validator().validate(training: [training], validation: validation)
        #expect(reports[1].problems.map(\.key) == [.validationOverlap])
        #expect(reports[1].problems.first?.message == "the same example as \(training):6 in the training file")
        #expect(reports[1].estimate == nil)
    }

    @Test func tooFewExamplesAndEmptyFilesAreErrorsOfTheWholeFile() throws {
        let few = try validator().validateTraining(path: write((0..<9).map { chat("q\($0)") })).report
        #expect(few.problems == [DataProblem(line: nil, key: .tooFewExamples, message: "9 valid examples; at least 10 are needed")])
        let empty = try validator().validateTraining(path: write([], trailingNewline: false)).report
        #expect(empty.problems.map(\.key) == [.emptyFile])
    }

    @Test func examplesOverTheModelsLimitAreCountedAndBilledAtTheLimit() throws {
        let lines = (0..<10).map { chat("q\($0)") } + [chat(String(repeating: "word ", count: 200))]
        let report = try validator(limit: 100).validateTraining(path: write(lines)).report
        #expect(report.examplesOverLimit == 1)
        #expect(report.problems.map(\.key) == [.exampleTooLong])
        let tokens = try #require(report.tokens)
        #expect(report.estimate?.tokensPerEpoch == tokens.total - tokens.max + 100)
    }

    @Test func theAutoEpochRuleFollowsTheCookbook() {
        #expect(TrainingEstimate.autoEpochs(examples: 5) == 20)
        #expect(TrainingEstimate.autoEpochs(examples: 10) == 10)
        #expect(TrainingEstimate.autoEpochs(examples: 1_110) == 3)
        #expect(TrainingEstimate.autoEpochs(examples: 20_000) == 1)
    }

    @Test func mixedFormatsAreRejectedLineByLine() throws {
        let lines = (0..<10).map { chat("q\($0)") } + [#"{"prompt":"a","completion":"b"}"#]
        let report = try validator().validateTraining(path: write(lines)).report
        #expect(report.format == .chat)
        #expect(report.problems == [DataProblem(line: 11, key: .mixedFormat, message: "completion example in a file of chat examples")])
    }

    @Test func tinyChunksGiveTheSameReportAsOneChunk() throws {
        var lines = (0..<40).map { chat("question number \($0) with some words", "answer \($0 % 3)") }
        lines[7] = "{not json"
        lines[20] = chat("question number 3 with some words", "answer 0")
        lines[33] = "[1,2]"
        let path = write(lines, trailingNewline: false)
        let whole = try validator().validateTraining(path: path).report
        let tiny = try validator(chunkSize: 37).validateTraining(path: path).report
        #expect(tiny.problems == whole.problems)
        #expect(tiny.tokens == whole.tokens)
        #expect(tiny.digest == whole.digest)
        #expect(whole.problems.map(\.line) == [8, 21, 34])
        #expect(whole.lines == 40)
    }

    @Test func theDigestIsTheSHA256OfTheExactBytes() throws {
        let path = write((0..<10).map { chat("q\($0)") })
        let report = try validator().validateTraining(path: path).report
        #expect(report.digest == (try DatasetDigest.of(file: path)).digest)
        #expect(report.digest.rawValue.count == "sha256:".count + 64)
    }

    @Test func withoutARankFileCountsAreLabelledEstimates() throws {
        var estimating = try validator()
        estimating.counter = .estimated
        let report = try estimating.validateTraining(path: write((0..<10).map { chat("q\($0)") })).report
        #expect(!report.tokenCountsAreExact)
        #expect((report.tokens?.total ?? 0) > 0)
    }
}

@Suite struct JSONParserTests {
    @Test(arguments: [
        (#"{"a": [1, 2.5, -3e2, true, false, null]}"#, JSONValue.object(JSONObject(members: [("a", .array([.number(1), .number(2.5), .number(-300), .bool(true), .bool(false), .null]))]))),
        (#""\u00e9\ud83d\ude00\n\"""#, .string("é😀\n\"")),
        (#"  "x"  "#, .string("x")),
    ])
    func parsesValues(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 9, "expected a string key in the object"),
        (#"{"a" 1}"#, 6, "expected ':' after the key \"a\""),
        (#"[1, 2"#, 6, "unterminated array: expected ',' or ']', found the end of the line"),
        (#"{"a": tru}"#, 7, "expected 'true'"),
        (#"{"a": 01}"#, 8, "a number cannot have a leading zero"),
        (#"{"a": "\x"}"#, 8, "invalid escape '\\x' in a string"),
        (#"{} {}"#, 4, "unexpected text after the JSON value"),
        (#"{'a': 1}"#, 2, "expected a string key in the object"),
        (#"NaN"#, 1, "expected a value, found 'N'"),
    ])
    func reportsTheColumnOfEachError(_ text: String, _ column: Int, _ detail: String) {
        #expect(throws: JSONParser.Failure(column: column, detail: detail)) { try JSONParser.parse(text) }
    }
}
