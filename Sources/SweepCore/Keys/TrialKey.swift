import Crypto

/// A trial's identity: SHA-256 over canonical JSON of everything that determines its result.
/// Same key ⇒ same trial, never submitted twice unless forced.
public struct TrialKey: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The key of a trial's settings. Numbers are normalised (`3` ≡ `3.0`, `1e-4` ≡ `0.0001`),
    /// key order does not matter, and strings never equal numbers (`"1"` ≠ `1`).
    public init(provider: String, model: String, hyperparameters: [String: ParamValue], seed: Int,
                trainingDigest: String, validationDigest: String?, suffix: String?) {
        let fields: [(String, String)] = [
            ("base_model", Self.json(.string(model))),
            ("hyperparameters", "{" + hyperparameters.sorted { $0.key < $1.key }
                .map { "\(Self.quoted($0.key)):\(Self.json($0.value))" }.joined(separator: ",") + "}"),
            ("method", Self.quoted("supervised")),
            ("provider", Self.quoted(provider)),
            ("seed", String(seed)),
            ("suffix", suffix.map(Self.quoted) ?? "null"),
            ("training_file", Self.quoted(trainingDigest)),
            ("validation_file", validationDigest.map(Self.quoted) ?? "null"),
        ]
        canonicalJSON = "{" + fields.map { "\(Self.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
        rawValue = SHA256.hash(data: Array(canonicalJSON.utf8)).hex
    }

    /// The canonical JSON the key hashes (not stored; for tests and `--verbose`).
    public private(set) var canonicalJSON = ""

    public var short: String { String(rawValue.prefix(12)) }
    public var description: String { rawValue }

    public static func == (lhs: TrialKey, rhs: TrialKey) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    enum CodingKeys: String, CodingKey { case rawValue }

    static func json(_ value: ParamValue) -> String {
        switch value.normalized {
        case .int(let number): String(number)
        case .number(let number): ParamValue.shortest(number)
        case .string(let text): quoted(text)
        case .auto: quoted("auto")
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// In JSON a key is its hex string.
extension TrialKey: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
