extension OpenAIWire {
    /// An optional that encodes `null` when absent: OpenAI's schemas require keys such as
    /// `fine_tuned_model` to be present, null or not (synthesised Codable would leave them out).
    @propertyWrapper
    public struct Null<Value: Codable & Sendable>: Codable, Sendable {
        public var wrappedValue: Value?

        public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
        }
    }
}

extension OpenAIWire.Null: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
    /// Lets a missing key decode as an absent `Null` value.
    func decode<Value>(_ type: OpenAIWire.Null<Value>.Type, forKey key: Key) throws -> OpenAIWire.Null<Value> {
        try decodeIfPresent(type, forKey: key) ?? OpenAIWire.Null(wrappedValue: nil)
    }
}
