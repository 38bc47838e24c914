import Foundation
import SweepCore

/// The samplers under contract, by name (swift-testing shows the name for each argument).
enum SamplerKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case grid, random, halton, tpe

    var sampler: any Sampler {
        switch self {
        case .grid: GridSampler()
        case .random: RandomSampler()
        case .halton: HaltonSampler()
        case .tpe: TPESampler(startupTrials: 5)
        }
    }

    var description: String { rawValue }
}

/// The rules under contract, by name.
enum RuleKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case median, successiveHalving, patience

    var rule: any EarlyStopRule {
        switch self {
        case .median: MedianStoppingRule(startupTrials: 2, warmupSteps: 3)
        case .successiveHalving: SuccessiveHalvingRule(minResource: 3, reductionFactor: 3)
        case .patience: PatienceRule(patience: 3, minDelta: 0.01)
        }
    }

    /// The first step at which the rule may stop anything.
    var warmup: Int { 3 }

    var description: String { rawValue }
}

enum Spaces {
    /// Every kind of parameter, all of them finite: 3 × 4 × 2 × 3 = 72 points.
    static let finite = SearchSpace([
        (name: "model", spec: .values([.string("small"), .string("base"), .string("large")])),
        (name: "n_epochs", spec: .distribution(.intUniform(min: 1, max: 4))),
        (name: "batch_size", spec: .distribution(.categorical(values: [.int(8), .int(32)], probabilities: nil))),
        (name: "learning_rate_multiplier", spec: .values([.number(0.1), .number(1), .number(10)])),
    ])

    /// Continuous parameters besides finite ones.
    static let mixed = SearchSpace([
        (name: "model", spec: .values([.string("small"), .string("base")])),
        (name: "learning_rate_multiplier", spec: .distribution(.logUniformValues(min: 0.01, max: 10))),
        (name: "warmup", spec: .distribution(.uniform(min: 0, max: 1))),
        (name: "n_epochs", spec: .distribution(.intUniform(min: 1, max: 10))),
        (name: "dropout", spec: .distribution(.qUniform(min: 0, max: 0.5, q: 0.05))),
        (name: "seed", spec: .value(.int(7))),
    ])

    /// A smooth objective with its minimum at learning rate 1, 3 epochs and the base model.
    static func loss(_ values: Assignment) -> Double {
        let rate = values["learning_rate_multiplier"]?.double ?? 1
        let epochs = values["n_epochs"]?.double ?? 3
        let model = values["model"] == .string("base") ? 0.0 : 0.3
        let warmup = values["warmup"]?.double ?? 0.5
        return log10(rate) * log10(rate) + 0.1 * (epochs - 3) * (epochs - 3) + model + (warmup - 0.5) * (warmup - 0.5)
    }
}

/// Runs `count` trials one after another, each completed at once with `objective`'s value.
func search(_ sampler: any Sampler, _ space: SearchSpace, seed: UInt64, count: Int, goal: Goal = .minimize,
            objective: (Assignment) -> Double = Spaces.loss) -> [TrialRecord] {
    var history: [TrialRecord] = []
    while history.count < count, let values = sampler.suggest(space: space, history: history, goal: goal, seed: seed) {
        history.append(TrialRecord(values: values, state: .completed(objective(values))))
    }
    return history
}
