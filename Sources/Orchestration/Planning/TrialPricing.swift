import Datasets
import SweepCore

/// How a plan prices a trial: its epochs (`auto` resolved for the data) times one epoch's billed
/// tokens, at the model's training price (the spec's `prices` first). Planned, suggested and
/// reproduced trials are all priced by this one rule.
public struct TrialPricing: Sendable {
    var prices: [String: USD]
    var catalog: ModelCatalog
    var examples: Int
    /// Tokens of one epoch with each example capped at `cappedLimit` (the validator's model's limit).
    var cappedTokens: Int
    var cappedLimit: Int
    /// Tokens of one epoch uncapped: an upper bound under another model's limit.
    var uncappedTokens: Int

    /// The pricing of `training` as validated for a model whose limit is `cappedLimit`.
    init(spec: SweepSpec, training: DatasetReport, cappedLimit: Int, catalog: ModelCatalog) {
        prices = spec.prices
        self.catalog = catalog
        examples = training.examples
        cappedTokens = training.estimate?.tokensPerEpoch ?? 0
        self.cappedLimit = cappedLimit
        uncappedTokens = training.tokens?.total ?? 0
    }

    func price(_ trial: Trial) -> PlannedTrial {
        let epochs = trial[.nEpochs].int ?? TrainingEstimate.autoEpochs(examples: examples)
        let model = catalog.info(for: trial.model, prices: prices)
        let billed = epochs * (model.trainingTokenLimit == cappedLimit ? cappedTokens : uncappedTokens)
        return PlannedTrial(trial: trial, epochs: epochs, billedTokens: billed, cost: model.trainingCost(tokens: billed))
    }
}
