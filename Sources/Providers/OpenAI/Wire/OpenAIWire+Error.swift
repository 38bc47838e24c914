extension OpenAIWire {
    /// An error answer's body. `message` and `type` are always sent by OpenAI, but not by every endpoint.
    public struct ErrorResponse: Codable, Sendable, Equatable {
        public var error: Body

        public struct Body: Codable, Sendable, Equatable {
            public var message: String?
            public var type: String?
            @Null public var param: String?
            @Null public var code: String?
        }

        public init(message: String, type: String, param: String?, code: String?) {
            error = Body(message: message, type: type, param: param, code: code)
        }
    }
}
