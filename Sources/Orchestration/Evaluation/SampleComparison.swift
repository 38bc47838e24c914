import Foundation
import Providers

/// The same test prompts answered by several models, for reading side by side.
public struct SampleComparison: Sendable, Encodable {
    public struct Sample: Sendable, Encodable {
        /// The 1-based line of the test file.
        public var line: Int
        /// The last user message of the prompt.
        public var prompt: String
        public var reference: String
        /// One answer per model, in `models` order.
        public var answers: [String]

        /// True when every model gave the same answer (after trimming).
        public var agree: Bool { Set(answers.map(EvaluationScoring.normalized)).count <= 1 }
        /// Whether each answer equals the reference (after trimming).
        public var correct: [Bool] { answers.map { EvaluationScoring.normalized($0) == EvaluationScoring.normalized(reference) } }

        enum CodingKeys: String, CodingKey { case line, prompt, reference, answers, agree, correct }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(prompt, forKey: .prompt)
            try container.encode(reference, forKey: .reference)
            try container.encode(answers, forKey: .answers)
            try container.encode(agree, forKey: .agree)
            try container.encode(correct, forKey: .correct)
        }
    }

    public var models: [String]
    public var samples: [Sample]

    /// `count` examples spread evenly over the test set (always the same ones for the same file),
    /// so two comparisons of other models read the same prompts.
    public static func pick(_ count: Int, from testSet: TestSet) -> TestSet {
        let total = testSet.examples.count, taken = min(count, total)
        var picked = testSet
        picked.examples = (0..<taken).map { testSet.examples[$0 * total / taken] }
        return picked
    }

    public init(models: [String], testSet: TestSet, answers: [[String]]) {
        self.models = models
        samples = testSet.examples.enumerated().map { index, example in
            Sample(line: example.line, prompt: example.prompt.last { $0.role == "user" }?.content ?? example.prompt.last?.content ?? "",
                   reference: example.reference, answers: answers.map { $0[index] })
        }
    }
}
