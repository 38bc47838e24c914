import Datasets
import Foundation
import Providers

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

    public static func load(_ path: String) throws(EvaluationError) -> TestSet {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "no such file, or not readable") }
        var examples: [Example] = []
        for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            examples.append(try example(Data(line), path: path, line: offset + 1))
        }
        guard !examples.isEmpty else { throw .empty(path: path) }
        return TestSet(path: path, digest: DatasetDigest.of(bytes: [UInt8](data)).rawValue, examples: examples)
    }

    private static func example(_ line: Data, path: String, line number: Int) throws(EvaluationError) -> Example {
        struct Wire: Decodable {
            struct Message: Decodable {
                var role: String
                var content: String?
            }
            var messages: [Message]
        }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: line) else {
            throw .badExample(path: path, line: number, message: "messages: expected a JSON object with a messages array of {role, content}")
        }
        guard let last = wire.messages.last, last.role == "assistant", let reference = last.content else {
            throw .badExample(path: path, line: number, message: "messages: expected the last message to be the assistant's reference answer")
        }
        guard wire.messages.count >= 2 else {
            throw .badExample(path: path, line: number, message: "messages: expected at least one message before the reference answer")
        }
        let prompt = wire.messages.dropLast().map { ChatMessage(role: $0.role, content: $0.content ?? "") }
        return Example(line: number, prompt: prompt, reference: reference)
    }
}
