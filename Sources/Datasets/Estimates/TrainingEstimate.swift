import SweepCore

/// What a fine-tune on a dataset would bill: epochs, tokens and dollars, by the cookbook's rules.
public struct TrainingEstimate: Sendable, Equatable, Codable {
    public var model: String
    public var epochs: Int
    /// True when the epochs came from the `auto` rule rather than the user.
    public var epochsAreAuto: Bool
    public var tokenLimit: Int
    /// Tokens billed per epoch: the sum of each example's tokens, capped at the model's limit.
    public var tokensPerEpoch: Int
    public var billedTokens: Int
    public var cost: USD
    public var pricesAsOf: String

    /// The cookbook's default epochs: 3, raised for small files and lowered for large ones.
    public static func autoEpochs(examples: Int) -> Int {
        let target = 3, minExamples = 100, maxExamples = 25_000
        guard examples > 0 else { return target }
        if examples * target < minExamples { return min(25, minExamples / examples) }
        if examples * target > maxExamples { return max(1, maxExamples / examples) }
        return target
    }

    public init(model: ModelInfo, histogram: TokenHistogram, epochs: Int?, pricesAsOf: String) {
        self.model = model.name
        self.epochs = epochs ?? Self.autoEpochs(examples: histogram.examples)
        epochsAreAuto = epochs == nil
        tokenLimit = model.trainingTokenLimit
        tokensPerEpoch = histogram.totalCapped(at: model.trainingTokenLimit)
        billedTokens = self.epochs * tokensPerEpoch
        cost = model.trainingCost(tokens: billedTokens)
        self.pricesAsOf = pricesAsOf
    }
}
