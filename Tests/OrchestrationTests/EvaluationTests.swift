import Datasets
import Foundation
import Ledger
import Orchestration
import TestSupport
import Testing

private let fixtures = TestPaths.repository + "/Tests/OrchestrationTests/Fixtures/eval"

@Suite struct EvaluationTests {
    /// References: billing ×2, bug ×3, account ×2, feature ×1. `account` is never answered and
    /// `refund` is no reference label, so it counts as (other). Figures worked out by hand below.
    @Test func labelFiguresMatchHandComputedValues() throws {
        let testSet = try TestSet.load("\(fixtures)/labels.jsonl")
        let answers = ["billing", "bug", "bug", " bug\n", "refund", "billing", "bug", "feature"]
        let record = Evaluation.record(model: "m", runID: nil, testSet: testSet, answers: answers)
        #expect(record.kind == .labels)
        #expect(record.examples == 8 && record.exactMatches == 4 && record.accuracy == 0.5)
        let classes = Dictionary(uniqueKeysWithValues: record.details.classes.map { ($0.label, $0) })
        #expect(record.details.classes.map(\.label) == ["account", "billing", "bug", "feature", "(other)"])
        // account: 2 references, never answered: precision 0 (nothing predicted), recall 0.
        #expect(classes["account"].map { [$0.support, $0.predicted, $0.truePositives] } == [2, 0, 0])
        #expect(classes["account"]?.precision == 0 && classes["account"]?.recall == 0 && classes["account"]?.f1 == 0)
        // billing: answered twice (once right, once for an account ticket): P = 1/2, R = 1/2.
        #expect(classes["billing"].map { [$0.precision, $0.recall, $0.f1] } == [0.5, 0.5, 0.5])
        // bug: answered 4 times, 2 right, 3 references: P = 1/2, R = 2/3, F1 = 4/7.
        let bug = try #require(classes["bug"])
        #expect(bug.predicted == 4 && bug.precision == 0.5 && abs(bug.recall - 2.0 / 3) < 1e-12 && abs(bug.f1 - 4.0 / 7) < 1e-12)
        #expect(classes["feature"].map { [$0.precision, $0.recall, $0.f1] } == [1, 1, 1])
        // (other): never a reference, answered once: recall 0 (no references), precision 0.
        #expect(classes["(other)"].map { [$0.support, $0.predicted, $0.truePositives] } == [0, 1, 0])
        // Macro over the 5 classes: P = (0 + .5 + .5 + 1 + 0)/5, R = (0 + .5 + 2/3 + 1 + 0)/5, F1 = (0 + .5 + 4/7 + 1 + 0)/5.
        let macroRecall: Double = (0.5 + 2.0 / 3 + 1) / 5, macroF1: Double = (0.5 + 4.0 / 7 + 1) / 5
        let precision = try #require(record.macroPrecision), recall = try #require(record.macroRecall), f1 = try #require(record.macroF1)
        #expect(abs(precision - 0.4) < 1e-12)
        #expect(abs(recall - macroRecall) < 1e-12)
        #expect(abs(f1 - macroF1) < 1e-12)
        // Rows are references, columns answers, in the class order above.
        #expect(record.details.confusion == [[0, 1, 1, 0, 0], [0, 1, 1, 0, 0], [0, 0, 2, 0, 1], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0]])
    }

    @Test func freeTextGetsExactMatchAndTokenF1() {
        let references = ["The cat sat on the mat.", "Paris", "forty two", "Hello, world"]
        let answers = ["the cat sat", "Paris", "42", "hello world!"]
        let score = EvaluationScoring.score(references: references, answers: answers)
        #expect(score.kind == .text && score.exactMatches == 1 && score.classes.isEmpty)
        // Bags: {the×2, cat, sat, on, mat} vs {the, cat, sat}: P = 1, R = 3/6 → F1 = 2/3; Paris 1; 0; 1.
        let expected: Double = (2.0 / 3 + 1 + 0 + 1) / 4
        #expect(abs(score.tokenF1 - expected) < 1e-12)
    }

    @Test func labelsAreFewShortAndRepeated() {
        #expect(EvaluationScoring.looksLikeLabels(["yes", "no", "yes", "no"]))
        #expect(!EvaluationScoring.looksLikeLabels(["yes", "no", "maybe"]), "every label once: not enough repetition")
        #expect(!EvaluationScoring.looksLikeLabels(Array(repeating: "a long answer with many more words than a label", count: 4)))
    }

    @Test func aBadTestLineIsNamedByFileAndLine() throws {
        let path = TestPaths.scratchDirectory("eval-bad") + "/test.jsonl"
        let good = #"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yes"}]}"#
        try Data("\(good)\n\(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yes"},{"role":"user","content":"no answer"}]}"#)\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EvaluationError.badExample(path: path, line: 2, message: "messages: expected the last message to be the assistant's reference answer")) {
            try TestSet.load(path)
        }
        try Data("\(good)\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EvaluationError.badExample(path: path, line: 2, message: "invalid_json: column 1: expected 'null'")) {
            try TestSet.load(path)
        }
    }

    /// A test file is read under `data validate`'s rules: what one refuses the other refuses with the same key.
    @Test(arguments: [
        ("blank line", Array("\n".utf8), "empty_line"),
        ("non-UTF-8", [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x0A], "invalid_utf8"),
        ("a role no API has", Array(#"{"messages":[{"role":"robot","content":"hi"},{"role":"assistant","content":"yes"}]}"#.utf8) + [0x0A], "unrecognized_role"),
    ])
    func aLineDataValidateRefusesIsRefusedWithItsKey(case: String, line: [UInt8], key: String) throws {
        let path = TestPaths.scratchDirectory("eval-rules") + "/test.jsonl"
        let good = Array(#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"yes"}]}"#.utf8) + [0x0A]
        try Data(good + line + good).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TestSet.load(path)
            Issue.record("\(`case`): accepted")
        } catch let .badExample(_, number, message) {
            #expect(number == 2 && message.hasPrefix("\(key): "), "\(`case`): \(message)")
        }
    }

    @Test func contentPartsAreTheirTextsJoinedAndTheDigestIsTheFilesBytes() throws {
        let path = TestPaths.scratchDirectory("eval-parts") + "/test.jsonl"
        let text = #"{"messages":[{"role":"user","content":[{"type":"text","text":"is it "},{"type":"text","text":"urgent?"}]},{"role":"assistant","content":[{"type":"text","text":"yes"}]}]}"# + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let testSet = try TestSet.load(path)
        #expect(testSet.examples.map(\.reference) == ["yes"])
        #expect(testSet.examples.first?.prompt.map(\.content) == ["is it urgent?"])
        #expect(testSet.digest == DatasetDigest.of(bytes: Array(text.utf8)).rawValue)
    }

    @Test func aRecordRoundTripsThroughTheLedgerAndIsReplacedPerModelAndTestSet() throws {
        let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("eval-ledger") + "/ledger.sqlite")
        let testSet = try TestSet.load("\(fixtures)/labels.jsonl")
        let first = Evaluation.record(model: "m", runID: nil, testSet: testSet, answers: testSet.examples.map(\.reference))
        let saved = try ledger.saveEvaluation(first)
        #expect(saved.accuracy == 1 && saved.details == first.details && saved.macroF1 == 1)
        _ = try ledger.saveEvaluation(Evaluation.record(model: "m", runID: nil, testSet: testSet, answers: Array(repeating: "bug", count: 8)))
        let stored = try ledger.evaluations(models: ["m"])
        #expect(stored.count == 1 && stored[0].exactMatches == 3)
        #expect(try ledger.evaluation(model: "m", testDigest: testSet.digest)?.accuracy == 3.0 / 8)
    }
}
