/// A hyperparameter's name as specs, trial keys, the ledger and `--where` write it: one of the
/// API's names or any name an open schema (the command provider's) accepts.
public struct ParameterName: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let model: ParameterName = "model"
    public static let nEpochs: ParameterName = "n_epochs"
    public static let batchSize: ParameterName = "batch_size"
    public static let learningRateMultiplier: ParameterName = "learning_rate_multiplier"
    public static let seed: ParameterName = "seed"

    /// The names every run has a ledger column for, in grid order; other parameters follow them
    /// in the order the spec gives them, so a spec without others walks its grid as before.
    public static let standard: [ParameterName] = [.model, .nEpochs, .batchSize, .learningRateMultiplier, .seed]

    /// The OpenAI API's `method.supervised.hyperparameters`, which every trial key names (`auto` when not set).
    public static let apiHyperparameters: [ParameterName] = [.nEpochs, .batchSize, .learningRateMultiplier]

    /// True for a name an open schema may take: lower-case letters, digits and `_`, starting with a
    /// letter, so that it can be a placeholder (`{lora_r}`), an environment variable
    /// (`FTSWEEP_PARAM_LORA_R`) and a `--where` field.
    public var isWellFormed: Bool {
        guard let first = rawValue.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), rawValue.utf8.count <= 64 else { return false }
        return rawValue.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    public var description: String { rawValue }

    /// Standard names in grid order first, then the others by name.
    public static func < (lhs: ParameterName, rhs: ParameterName) -> Bool {
        switch (standard.firstIndex(of: lhs), standard.firstIndex(of: rhs)) {
        case let (l?, r?): l < r
        case (_?, nil): true
        case (nil, _?): false
        case (nil, nil): lhs.rawValue < rhs.rawValue
        }
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
