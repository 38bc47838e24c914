import Foundation
import Providers

/// How well a model answers a test set: each conversation without its last assistant message is
/// sent to the model, and the answer compared with that message.
public struct EvaluationResult: Sendable, Codable, Equatable {
    public var model: String
    public var examples: Int
    public var exactMatches: Int
    /// Reference label → (correct, total), when the references are labels.
    public var perClass: [String: ClassCount]

    public struct ClassCount: Sendable, Codable, Equatable {
        public var correct: Int
        public var total: Int
    }

    public var accuracy: Double { examples == 0 ? 0 : Double(exactMatches) / Double(examples) }
    /// The accuracy of always answering the most common reference: the bar to beat.
    public var majorityBaseline: Double {
        examples == 0 ? 0 : Double(perClass.values.map(\.total).max() ?? 0) / Double(examples)
    }
}

/// Scores models on a test file through their provider's chat completions.
public struct Evaluation: Sendable {
    public init() {}

    public func run(model: String, testFile: String, provider: any FineTuningProvider) async throws -> EvaluationResult {
        guard let data = FileManager.default.contents(atPath: testFile) else {
            throw ProviderError.invalidRequest("\(testFile): cannot read the test file")
        }
        var result = EvaluationResult(model: model, examples: 0, exactMatches: 0, perClass: [:])
        for (offset, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                let raw = object["messages"] as? [[String: Any]],
                let last = raw.last, last["role"] as? String == "assistant", let reference = last["content"] as? String
            else {
                throw ProviderError.invalidRequest("\(testFile):\(offset + 1): expected a chat example ending with an assistant message")
            }
            let prompt = raw.dropLast().map { ChatMessage(role: $0["role"] as? String ?? "", content: $0["content"] as? String ?? "") }
            let answer = try await provider.complete(model: model, messages: prompt)
            let correct = answer.trimmingCharacters(in: .whitespacesAndNewlines) == reference.trimmingCharacters(in: .whitespacesAndNewlines)
            result.examples += 1
            result.exactMatches += correct ? 1 : 0
            result.perClass[reference, default: .init(correct: 0, total: 0)].total += 1
            if correct { result.perClass[reference]!.correct += 1 }
        }
        return result
    }
}
