import Foundation

/// One assistant message to learn, with the conversation before it as hashed features.
struct TrainingExample: Sendable {
    /// Features of the prompt (words and word pairs of the messages before the answer).
    var promptFeatures: PromptFeatures
    /// The answer's bytes, then the end marker (256).
    var targets: [Int16]
}

/// Reads chat JSONL into examples: every assistant message with weight other than 0 is a target,
/// conditioned on the messages before it.
enum ExampleReader {
    static let endOfText: Int16 = 256

    static func read(path: String, shape: LocalBaseModel) throws -> [TrainingExample] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainerError.unreadable(path: path)
        }
        var examples: [TrainingExample] = []
        for (offset, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                let messages = object["messages"] as? [[String: Any]]
            else {
                throw TrainerError.invalidExample(path: path, line: offset + 1)
            }
            var context: [(role: String, text: String)] = []
            for message in messages {
                let role = message["role"] as? String ?? ""
                let text = message["content"] as? String ?? ""
                let weight = (message["weight"] as? NSNumber)?.intValue ?? 1
                if role == "assistant" && weight != 0 {
                    examples.append(TrainingExample(
                        promptFeatures: shape.promptFeatures(context), targets: targets(text)))
                }
                context.append((role, text))
            }
        }
        return examples
    }

    static func targets(_ text: String) -> [Int16] {
        text.utf8.map { Int16($0) } + [endOfText]
    }
}

/// Why training could not start or finish.
public enum TrainerError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String)
    case invalidExample(path: String, line: Int)
    case noExamples(path: String)
    case unknownModel(String)
    case corruptModel(path: String, reason: String)
    case cancelled
    case idfWithoutTrainingFile

    public var description: String {
        switch self {
        case let .unreadable(path): "\(path): cannot read the file"
        case let .invalidExample(path, line): "\(path):\(line): not a chat example"
        case let .noExamples(path): "\(path): no assistant message to train on"
        case let .unknownModel(name): "unknown local model '\(name)'; base models are \(LocalBaseModel.all.map(\.name).joined(separator: ", "))"
        case let .corruptModel(path, reason): "\(path): not a usable model file (\(reason))"
        case .cancelled: "training was cancelled"
        case .idfWithoutTrainingFile: "idf weighs prompt features by their document frequencies in the training file, and none was given"
        }
    }
}
