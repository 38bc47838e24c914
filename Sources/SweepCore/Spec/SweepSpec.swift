import Foundation

/// A parsed sweep spec, modelled on Weights & Biases sweep configs.
public struct SweepSpec: Sendable, Equatable {
    public var name: String
    public var provider: ProviderSpec
    public var method: SearchMethod
    public var metric: MetricSpec
    /// Paths as written, relative to the spec's folder (`resolvedPath` makes them usable).
    public var trainingFile: String
    public var validationFile: String?
    public var seed: UInt64
    public var runCap: Int?
    public var maxParallel: Int?
    public var budget: Budget
    /// When to stop a sweep that keeps failing.
    public var failurePolicy: FailurePolicy
    /// Training prices per million tokens that replace the catalog's, by base model.
    public var prices: [String: USD]
    public var suffix: String?
    public var parameters: ParameterSpace
    /// The rule that cancels losing trials, if any.
    public var earlyStop: EarlyStopSpec?
    /// Earlier trials the sampler learns from before its first suggestion.
    public var warmStart: WarmStartSpec?
    /// The `-p` overrides applied to the spec's text, in order.
    public var overrides: [String] = []
    /// The file the spec came from and its exact text, kept in the ledger for reproduction.
    public var sourcePath: String
    public var text: String

    public init(
        name: String, provider: ProviderSpec, method: SearchMethod, metric: MetricSpec, trainingFile: String,
        validationFile: String?, seed: UInt64, runCap: Int?, maxParallel: Int?, budget: Budget, suffix: String?,
        parameters: ParameterSpace, sourcePath: String, text: String,
        failurePolicy: FailurePolicy = FailurePolicy(), prices: [String: USD] = [:]
    ) {
        self.name = name
        self.provider = provider
        self.method = method
        self.metric = metric
        self.trainingFile = trainingFile
        self.validationFile = validationFile
        self.seed = seed
        self.runCap = runCap
        self.maxParallel = maxParallel
        self.budget = budget
        self.failurePolicy = failurePolicy
        self.prices = prices
        self.suffix = suffix
        self.parameters = parameters
        self.sourcePath = sourcePath
        self.text = text
    }

    /// The folder the spec's relative paths start from.
    public var folder: String {
        let folder = (sourcePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// A path from the spec, resolved against the spec's folder.
    public func resolvedPath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (sourcePath as NSString).deletingLastPathComponent
        return ((folder.isEmpty ? path : "\(folder)/\(path)") as NSString).standardizingPath
    }
}

public enum SearchMethod: String, Sendable, Codable {
    case grid
    case random
    /// Low-discrepancy points (Halton), spread more evenly than random draws.
    case quasi
    /// The tree-structured Parzen estimator: each trial is chosen from the results so far.
    case tpe

    /// True when trials are chosen one at a time from the results so far, not planned up front.
    public var isAdaptive: Bool { self == .tpe }

    /// The sampler that suggests this method's trials.
    public var sampler: any Sampler {
        switch self {
        case .grid: GridSampler()
        case .random: RandomSampler()
        case .quasi: HaltonSampler()
        case .tpe: TPESampler()
        }
    }
}

/// The metric that ranks runs, and which way is better.
public struct MetricSpec: Sendable, Equatable, Codable {
    public var name: String
    public var goal: Goal

    public init(name: String, goal: Goal) {
        self.name = name
        self.goal = goal
    }

    public static let `default` = MetricSpec(name: Metric.default.name, goal: Metric.default.goal)

    /// The metrics a spec may rank by, with their natural goal: the catalogue's names and aliases, and
    /// the means of a series' last values (`valid_loss:last5`).
    public static let known: [String: Goal] = Dictionary(
        uniqueKeysWithValues: Metric.allCases.flatMap { metric in ([metric.name] + metric.aliases).map { ($0, metric.goal) } }
            + MetricSeries.allCases.filter(\.averagesLast).flatMap { series in [5, 10].map { ("\(series.rawValue):last\($0)", Goal.minimize) } })
}

/// Stops a sweep that is failing everywhere instead of paying for every remaining trial.
public struct FailurePolicy: Sendable, Equatable {
    /// Stop launching once this many trials have failed.
    public var maxFailed: Int?
    /// Stop launching after this many failures in a row.
    public var maxConsecutiveFailures: Int?

    public init(maxFailed: Int? = nil, maxConsecutiveFailures: Int? = nil) {
        self.maxFailed = maxFailed
        self.maxConsecutiveFailures = maxConsecutiveFailures
    }
}

/// Caps a sweep must stay under.
public struct Budget: Sendable, Equatable {
    public var maxCost: USD?
    public var maxTrainedTokens: Int?
    public var maxJobs: Int?

    public init(maxCost: USD? = nil, maxTrainedTokens: Int? = nil, maxJobs: Int? = nil) {
        self.maxCost = maxCost
        self.maxTrainedTokens = maxTrainedTokens
        self.maxJobs = maxJobs
    }
}
