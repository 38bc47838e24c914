import Foundation

/// OpenAI's API objects as they travel (snake_case keys): `ftsweep serve` encodes them, and
/// `OpenAIProvider`, model servers and result import decode them, so both sides share one shape.
/// Decoding is tolerant: only what ftsweep reads is required; what an endpoint leaves out or nulls is
/// defaulted, and unknown fields are ignored.
public enum OpenAIWire {
    /// Snake-case keys in sorted order, so the same object is always the same bytes.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

extension KeyedDecodingContainer {
    /// The value at `key`, or `fallback` when the key is missing or null.
    func decode<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }

    /// The value at `key`, or nil when it is missing, null or of another shape (fields ftsweep never reads).
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}
