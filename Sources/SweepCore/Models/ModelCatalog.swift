/// What ftsweep knows about a fine-tunable base model: its vocabulary, training length and price.
public struct ModelInfo: Sendable, Hashable {
    /// The base model's name, e.g. `gpt-4.1-mini-2025-04-14`.
    public var name: String
    public var encoding: TokenEncodingName
    /// The longest example the model trains on, in tokens; longer ones are truncated.
    public var trainingTokenLimit: Int
    /// The training price per million tokens.
    public var trainingPricePerMillion: USD
    /// True when the catalog knows this model; false when it was guessed from the name.
    public var isKnown: Bool
    /// The data formats the model trains on; nil when not known (nothing is refused for it).
    public var formats: Set<ExampleFormat>?

    public init(
        name: String, encoding: TokenEncodingName, trainingTokenLimit: Int, trainingPricePerMillion: USD, isKnown: Bool,
        formats: Set<ExampleFormat>? = nil
    ) {
        self.name = name
        self.encoding = encoding
        self.trainingTokenLimit = trainingTokenLimit
        self.trainingPricePerMillion = trainingPricePerMillion
        self.isKnown = isKnown
        self.formats = formats
    }

    /// Why the model cannot train on examples of `format`, or nil when it can (or its formats are not known).
    public func refusal(of format: ExampleFormat) -> String? {
        guard let formats, !formats.contains(format) else { return nil }
        let accepted = ExampleFormat.allCases.filter(formats.contains).map(\.rawValue).joined(separator: " or ")
        return "\(name) trains on \(accepted) examples, not \(format.rawValue)"
    }

    /// The cost of training on `tokens` billed tokens.
    public func trainingCost(tokens: Int) -> USD {
        USD(nanos: trainingPricePerMillion.nanos / 1_000_000 * Int64(tokens)
            + trainingPricePerMillion.nanos % 1_000_000 * Int64(tokens) / 1_000_000)
    }
}

/// The dated table of fine-tunable models; prices are data, kept in `PriceTable.swift`.
public struct ModelCatalog: Sendable {
    /// The date the prices were read from OpenAI's pricing page.
    public let pricesAsOf: String
    public let models: [ModelInfo]

    public init(pricesAsOf: String, models: [ModelInfo]) {
        self.pricesAsOf = pricesAsOf
        self.models = models
    }

    /// Resolves a model name, including `ft:BASE:org:suffix:id` names and names of snapshots
    /// (`gpt-4o-mini` matches `gpt-4o-mini-2024-07-18`). Unknown names get o200k_base and no price.
    public func info(for name: String) -> ModelInfo {
        let base = Self.baseName(of: name)
        if let exact = models.first(where: { $0.name == base }) { return exact }
        if let snapshot = models.filter({ $0.name.hasPrefix(base + "-") || base.hasPrefix($0.name + "-") })
            .max(by: { $0.name < $1.name })
        {
            return ModelInfo(
                name: base, encoding: snapshot.encoding, trainingTokenLimit: snapshot.trainingTokenLimit,
                trainingPricePerMillion: snapshot.trainingPricePerMillion, isKnown: true, formats: snapshot.formats)
        }
        return ModelInfo(
            name: base, encoding: Self.guessEncoding(base), trainingTokenLimit: 65_536,
            trainingPricePerMillion: .zero, isKnown: false)
    }

    /// `info(for:)` with the spec's own training prices in place of the catalog's.
    public func info(for name: String, prices: [String: USD]) -> ModelInfo {
        var info = info(for: name)
        if let price = prices[name] ?? prices[info.name] { info.trainingPricePerMillion = price }
        return info
    }

    /// The base model of a fine-tuned model name (`ft:gpt-4o-mini-2024-07-18:org::abc` → `gpt-4o-mini-2024-07-18`).
    public static func baseName(of name: String) -> String {
        guard name.hasPrefix("ft:") else { return name }
        let rest = name.dropFirst(3)
        return String(rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? rest)
    }

    // gpt-4o, gpt-4.1, gpt-5 and the o-series use o200k_base; tiktoken's prefix table wrongly maps
    // `ft:gpt-4.1-*` to cl100k_base because it matches `ft:gpt-4`, so the order here matters.
    private static func guessEncoding(_ base: String) -> TokenEncodingName {
        let o200k = ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "gpt-oss", "chatgpt-4o"]
        if o200k.contains(where: { base.hasPrefix($0) }) { return .o200kBase }
        let cl100k = ["gpt-4", "gpt-3.5", "davinci-002", "babbage-002", "text-embedding-3", "text-embedding-ada"]
        if cl100k.contains(where: { base.hasPrefix($0) }) { return .cl100kBase }
        return .o200kBase
    }
}
