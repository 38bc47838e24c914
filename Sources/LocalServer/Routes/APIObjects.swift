import Providers
import SweepCore

/// An optional that encodes `null` when absent: OpenAI's schemas require keys such as
/// `fine_tuned_model` to be present, null or not (synthesised Codable would leave them out).
@propertyWrapper
struct Null<Value: Codable & Sendable>: Codable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// Lets a missing key decode as an absent `Null` value.
    func decode<Value>(_ type: Null<Value>.Type, forKey key: Key) throws -> Null<Value> {
        try decodeIfPresent(type, forKey: key) ?? Null(wrappedValue: nil)
    }
}

/// The wire shapes of OpenAI's API objects that `ftsweep serve` returns (snake_case on the wire).
enum API {
    struct File: Codable, Sendable {
        var id: String
        var object = "file"
        var bytes: Int
        var createdAt: Int
        var expiresAt: Int?
        var filename: String
        var purpose: String
        var status = "processed"
        var statusDetails: String?
    }

    struct Job: Codable, Sendable {
        var id: String
        var object = "fine_tuning.job"
        var createdAt: Int
        @Null var finishedAt: Int?
        var model: String
        @Null var fineTunedModel: String?
        var organizationId = "org-local"
        var status: String
        var hyperparameters: [String: ParamValue]
        var method: Method
        var trainingFile: String
        @Null var validationFile: String?
        var resultFiles: [String]
        @Null var trainedTokens: Int?
        @Null var error: ErrorObject?
        var seed: Int
        @Null var estimatedFinish: Int?
        @Null var integrations: [String]?
        @Null var metadata: [String: String]?
        @Null var userProvidedSuffix: String?

        struct Method: Codable, Sendable {
            var type = "supervised"
            var supervised: Supervised
            struct Supervised: Codable, Sendable { var hyperparameters: [String: ParamValue] }
        }
    }

    struct ErrorObject: Codable, Sendable {
        @Null var code: String?
        @Null var message: String?
        @Null var param: String?
    }

    struct Event: Codable, Sendable {
        var id: String
        var object = "fine_tuning.job.event"
        var createdAt: Int
        var level: String
        var message: String
        var type: String
        var data: [String: Double]?
    }

    struct Checkpoint: Codable, Sendable {
        var id: String
        var object = "fine_tuning.job.checkpoint"
        var createdAt: Int
        var fineTunedModelCheckpoint: String
        var fineTuningJobId: String
        var stepNumber: Int
        var metrics: [String: Double]
    }

    struct Model: Codable, Sendable {
        var id: String
        var object = "model"
        var created: Int
        var ownedBy: String
    }

    struct List<Item: Codable & Sendable>: Codable, Sendable {
        var object = "list"
        var data: [Item]
        var hasMore: Bool
        @Null var firstId: String?
        @Null var lastId: String?
    }

    struct Deleted: Codable, Sendable {
        var id: String
        var object: String
        var deleted: Bool
    }

    struct ErrorResponse: Codable, Sendable {
        var error: Body
        struct Body: Codable, Sendable {
            var message: String
            var type: String
            @Null var param: String?
            @Null var code: String?
        }
    }

    struct CreateJob: Codable, Sendable {
        var model: String
        var trainingFile: String
        var validationFile: String?
        var hyperparameters: [String: ParamValue]?
        var method: Method?
        var suffix: String?
        var seed: Int?
        var metadata: [String: String]?

        struct Method: Codable, Sendable {
            var type: String
            var supervised: Supervised?
            struct Supervised: Codable, Sendable { var hyperparameters: [String: ParamValue]? }
        }
    }

    struct ChatRequest: Decodable, Sendable {
        var model: String
        var messages: [InputMessage]
        var stream: Bool?

        /// A message whose `content` is a string or an array of `{type: text, text}` parts (the SDKs send both).
        struct InputMessage: Decodable, Sendable {
            var role: String
            var content: String

            private enum CodingKeys: String, CodingKey { case role, content }
            private struct Part: Decodable {
                var type: String
                var text: String?
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                role = try container.decode(String.self, forKey: .role)
                if let text = try? container.decode(String.self, forKey: .content) {
                    content = text
                    return
                }
                let parts = try container.decode([Part].self, forKey: .content)
                guard parts.allSatisfy({ $0.type == "text" && $0.text != nil }) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .content, in: container, debugDescription: "only text parts are supported")
                }
                content = parts.compactMap(\.text).joined(separator: "\n")
            }
        }
    }

    /// One server-sent event of a streamed chat completion.
    struct ChatChunk: Encodable, Sendable {
        var id: String
        var object = "chat.completion.chunk"
        var created: Int
        var model: String
        var choices: [Choice]

        struct Choice: Encodable, Sendable {
            var index = 0
            var delta: [String: String]
            @Null var finishReason: String?
        }
    }

    struct ChatResponse: Codable, Sendable {
        var id: String
        var object = "chat.completion"
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage

        struct Choice: Codable, Sendable {
            var index: Int
            var message: ChatMessage
            var finishReason: String
        }

        struct Usage: Codable, Sendable {
            var promptTokens: Int
            var completionTokens: Int
            var totalTokens: Int
        }
    }
}

extension API.Job {
    init(_ job: JobSnapshot, trainingFile: String, validationFile: String?, suffix: String?) {
        self.init(
            id: job.id.rawValue, createdAt: job.createdAt, finishedAt: job.finishedAt, model: job.model,
            fineTunedModel: job.fineTunedModel, status: job.status.rawValue, hyperparameters: job.hyperparameters,
            method: Method(supervised: .init(hyperparameters: job.hyperparameters)), trainingFile: trainingFile,
            validationFile: validationFile, resultFiles: job.resultFiles.map(\.rawValue),
            trainedTokens: job.trainedTokens,
            error: job.error.map { API.ErrorObject(code: $0.code, message: $0.message, param: $0.param) },
            seed: job.seed ?? 0,
            metadata: job.metadata.isEmpty ? nil : job.metadata, userProvidedSuffix: suffix)
    }
}
