import Foundation
import Ledger
import Providers

/// Asks a model every question of a test set through its provider's chat completions, and scores
/// the answers. Storing and reusing results is the caller's (the ledger's) business.
public struct Evaluation: Sendable {
    /// Questions in flight at once.
    public var maxParallel: Int

    public init(maxParallel: Int = 4) {
        self.maxParallel = max(1, maxParallel)
    }

    /// The model's answer to each example, in the test set's order.
    public func answers(model: String, testSet: TestSet, provider: any FineTuningProvider) async throws(EvaluationError) -> [String] {
        do {
            return try await withThrowingTaskGroup(of: (Int, String).self) { group in
                var answers = Array(repeating: "", count: testSet.examples.count)
                var next = 0
                func submit() {
                    let index = next, example = testSet.examples[index]
                    next += 1
                    group.addTask {
                        do { return (index, try await provider.complete(model: model, messages: example.prompt)) } catch {
                            throw EvaluationError.answerFailed(model: model, line: example.line, reason: "\(error)")
                        }
                    }
                }
                while next < min(maxParallel, answers.count) { submit() }
                while let (index, answer) = try await group.next() {
                    answers[index] = answer
                    if next < answers.count { submit() }
                }
                return answers
            }
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw .answerFailed(model: model, line: 0, reason: "\(error)")
        }
    }

    /// Scores answers against the test set's references, as the record the ledger stores.
    public static func record(model: String, runID: Int?, testSet: TestSet, answers: [String]) -> EvaluationRecord {
        let references = testSet.examples.map(\.reference)
        let score = EvaluationScoring.score(references: references, answers: answers)
        let macro = EvaluationScoring.macro(score.classes)
        return EvaluationRecord(
            model: model, runID: runID, testDigest: testSet.digest, testPath: testSet.path, kind: score.kind, examples: references.count,
            exactMatches: score.exactMatches, macroPrecision: macro?.precision, macroRecall: macro?.recall, macroF1: macro?.f1,
            tokenF1: score.tokenF1, details: .init(classes: score.classes, confusion: score.confusion, answers: answers))
    }
}
