import Datasets
import Foundation
import Providers
import SweepCore

/// Why a model could not be evaluated.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case badExample(path: String, line: Int, message: String)
    case empty(path: String)
    case answerFailed(model: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot read the test set: \(reason)"
        case let .badExample(path, line, message): "\(path):\(line): \(message)"
        case let .empty(path): "\(path): the test set has no examples"
        case let .answerFailed(model, line, reason): "\(model) could not answer test example \(line): \(reason)"
        }
    }
}

/// A held-out test set: each chat example's conversation without its final assistant message, and
/// that message as the reference answer.
public struct TestSet: Sendable {
    public struct Example: Sendable {
        /// The 1-based line of the file.
        public var line: Int
        public var prompt: [ChatMessage]
        public var reference: String
    }

    public var path: String
    /// `sha256:` + hex of the file's bytes: evaluations are stored per model and digest.
    public var digest: String
    public var examples: [Example]

    /// Reads the test set under `data validate`'s rules (a line it would refuse is refused here with
    /// the same key), streaming the file once for its examples and its digest.
    public static func load(_ path: String) throws(EvaluationError) -> TestSet {
        var examples: [Example] = []
        let lines: CheckedExamples
        do { lines = try CheckedExamples(path: path) } catch { throw .unreadable(path: path, reason: error.description) }
        while true {
            let line: CheckedExamples.Line?
            do { line = try lines.next() } catch { throw .unreadable(path: path, reason: error.description) }
            switch line {
            case nil:
                guard let digest = lines.digest, !examples.isEmpty else { throw .empty(path: path) }
                return TestSet(path: path, digest: digest.rawValue, examples: examples)
            case let .problem(problem)?:
                throw .badExample(path: path, line: problem.line ?? 0, message: "\(problem.key.rawValue): \(problem.message)")
            case let .example(number, object, format)?:
                examples.append(try example(object, format: format, path: path, line: number))
            }
        }
    }

    private static func example(_ object: JSONObject, format: ExampleFormat, path: String, line: Int) throws(EvaluationError) -> Example {
        guard format == .chat, let messages = object["messages"]?.arrayValue?.compactMap(\.objectValue) else {
            throw .badExample(path: path, line: line, message: "messages: a test set holds chat examples; found a \(format.rawValue) example")
        }
        guard let last = messages.last, last["role"]?.stringValue == "assistant", let reference = text(of: last) else {
            throw .badExample(path: path, line: line, message: "messages: expected the last message to be the assistant's reference answer")
        }
        guard messages.count >= 2 else {
            throw .badExample(path: path, line: line, message: "messages: expected at least one message before the reference answer")
        }
        let prompt = messages.dropLast().map { ChatMessage(role: $0["role"]?.stringValue ?? "", content: text(of: $0) ?? "") }
        return Example(line: line, prompt: prompt, reference: reference)
    }

    /// A message's text: its string content, or its text parts joined.
    private static func text(of message: JSONObject) -> String? {
        switch message["content"] {
        case .string(let text)?: text
        case .array(let parts)?: parts.compactMap { $0.objectValue?["text"]?.stringValue }.joined()
        default: nil
        }
    }
}
