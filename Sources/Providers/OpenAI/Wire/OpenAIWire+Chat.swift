extension OpenAIWire {
    /// A chat-completion request.
    public struct ChatRequest: Codable, Sendable, Equatable {
        public var model: String
        public var messages: [Message]
        public var stream: Bool?
        public var temperature: Double?

        public init(model: String, messages: [ChatMessage], temperature: Double?) {
            self.model = model
            self.messages = messages.map { Message(role: $0.role, content: $0.content) }
            self.temperature = temperature
        }

        /// A message whose `content` is a string or an array of `{type: text, text}` parts (the SDKs send both).
        public struct Message: Codable, Sendable, Equatable {
            public var role: String
            public var content: String
        }
    }

    /// One server-sent event of a streamed chat completion.
    public struct ChatChunk: Codable, Sendable, Equatable {
        public var id: String
        public var object = "chat.completion.chunk"
        public var created: Int
        public var model: String
        public var choices: [Choice]

        public init(id: String, created: Int, model: String, choices: [Choice]) {
            self.id = id
            self.created = created
            self.model = model
            self.choices = choices
        }

        public struct Choice: Codable, Sendable, Equatable {
            public var index = 0
            public var delta: [String: String]
            @Null public var finishReason: String?

            public init(delta: [String: String], finishReason: String? = nil) {
                self.delta = delta
                self.finishReason = finishReason
            }
        }
    }

    /// A whole chat completion.
    public struct ChatResponse: Codable, Sendable, Equatable {
        public var id: String
        public var object = "chat.completion"
        public var created: Int
        public var model: String
        public var choices: [Choice]
        public var usage: Usage

        public struct Choice: Codable, Sendable, Equatable {
            public var index: Int
            public var message: ChatMessage
            public var finishReason: String
        }

        public struct Usage: Codable, Sendable, Equatable {
            public var promptTokens: Int
            public var completionTokens: Int
            public var totalTokens: Int
        }
    }
}

extension OpenAIWire.ChatRequest.Message {
    private struct Part: Decodable {
        var type: String
        var text: String?
    }

    public init(from decoder: any Decoder) throws {
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

extension OpenAIWire.ChatResponse {
    /// One answer that stopped by itself, and what the prompt and answer counted.
    public init(id: String, created: Int, model: String, answer: String, promptTokens: Int, completionTokens: Int) {
        self.init(
            id: id, created: created, model: model,
            choices: [Choice(index: 0, message: ChatMessage(role: "assistant", content: answer), finishReason: "stop")],
            usage: Usage(promptTokens: promptTokens, completionTokens: completionTokens, totalTokens: promptTokens + completionTokens))
    }

    /// Only the choices are required (the answer is the first one's message).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(.id, or: "")
        object = try container.decode(.object, or: object)
        created = try container.decode(.created, or: 0)
        model = try container.decode(.model, or: "")
        choices = try container.decode([Choice].self, forKey: .choices)
        usage = container.lenient(Usage.self, .usage) ?? Usage(promptTokens: 0, completionTokens: 0, totalTokens: 0)
    }
}

extension OpenAIWire.ChatResponse.Choice {
    /// Only the message is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(.index, or: 0)
        message = try container.decode(ChatMessage.self, forKey: .message)
        finishReason = try container.decode(.finishReason, or: "")
    }
}
