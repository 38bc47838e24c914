import Datasets
import Foundation
import Ledger
import Providers
import SweepCore

/// Why a sweep cannot be planned or launched.
public enum SweepError: Error, Equatable, Sendable, CustomStringConvertible {
    case spec(SpecError)
    case invalidData(path: String, errors: Int, firstProblems: [String])
    case data(DatasetError)
    case providerUnavailable(String)
    case overBudget([String])
    /// The sweep ranks by a score on the validation file, whose examples cannot be asked and scored.
    case unscorable(metric: String, EvaluationError)

    public var description: String {
        switch self {
        case .spec(let error): error.description
        case let .invalidData(path, errors, problems):
            ([problems.joined(separator: "\n")].filter { !$0.isEmpty } + ["\(path) is not valid training data (\(errors) errors); run 'ftsweep data validate \(path)'"]).joined(separator: "\n")
        case .data(let error): error.description
        case .providerUnavailable(let message): message
        case .overBudget(let violations): "the plan breaks the budget: " + violations.joined(separator: "; ")
        case let .unscorable(metric, error): "\(error) (\(metric) asks each model the validation file's questions and scores its answers as eval does)"
        }
    }
}

/// Checks a spec against its data and provider, and prices every trial. Submits nothing.
public struct SweepPlanner: Sendable {
    public var validator: DatasetValidator
    public var catalog: ModelCatalog

    public init(validator: DatasetValidator, catalog: ModelCatalog = .standard) {
        self.validator = validator
        self.catalog = catalog
    }

    /// Plans every trial. A trial is skipped when a run with its key succeeded, or when this sweep's last
    /// attempt at it failed or was cancelled, unless `retryFailed`; `force` skips nothing.
    /// The most grid trials planned without `run_cap` or `--yes`: a grid bigger than this is more often
    /// a mistyped range than a plan (docs: README, "Sweeps").
    public static let largeGrid = 10_000

    /// A plan `forLaunch` asks the provider for its models, so a refused key or an unreachable endpoint
    /// stops the launch before anything is written; a plan alone asks it nothing.
    public func plan(
        _ spec: SweepSpec, provider: any FineTuningProvider, ledger: Ledger?, force: Bool, retryFailed: Bool = false,
        allowLargeGrid: Bool = false, forLaunch: Bool = false
    ) async throws -> SweepPlan {
        if spec.method == .grid, spec.runCap == nil, !allowLargeGrid, spec.gridSize > Self.largeGrid {
            throw SweepError.spec(SpecError(
                file: spec.sourcePath, line: Self.line(of: "parameters", in: spec.text), path: "parameters",
                message: "the grid has \(spec.gridSize == .max ? "more than \(Int.max)" : String(spec.gridSize)) trials, over \(Self.largeGrid); "
                    + "set run_cap to run the first N, narrow the grid, or pass --yes"))
        }
        let trainingPath = spec.resolvedPath(spec.trainingFile)
        let validationPath = spec.validationFile.map(spec.resolvedPath)
        for (key, path) in [("training_file", trainingPath), ("validation_file", validationPath)] {
            guard let path else { continue }
            guard FileManager.default.fileExists(atPath: path) else {
                throw SweepError.spec(SpecError(file: spec.sourcePath, line: Self.line(of: key, in: spec.text), path: key, message: "\(path) does not exist"))
            }
        }
        let reports: [DatasetReport]
        do { reports = try validator.validate(training: [trainingPath], validation: validationPath) } catch { throw SweepError.data(error) }
        for report in reports where !report.isValid {
            throw SweepError.invalidData(path: report.path, errors: report.errors, firstProblems: report.problems.filter { $0.severity == .error }.prefix(5).map { $0.formatted(path: report.path) })
        }
        let training = reports[0]
        // A file every model would fail to be scored on is refused before anything is paid for.
        if ValidationScoring.isNeeded(for: spec.metric.name), let validation = reports.dropFirst().first {
            do { _ = try TestSet.load(validation.path) } catch { throw SweepError.unscorable(metric: spec.metric.name, error) }
        }
        let context = TrialContext(provider: provider.key, trainingDigest: training.digest.rawValue, validationDigest: reports.count > 1 ? reports[1].digest.rawValue : nil, suffix: spec.suffix)
        if forLaunch { _ = try await provider.models() }
        let offered = try await provider.modelsKnownOffline()
        // Each model is checked once, in the spec's order, however many trials train it.
        var listedModels: [String] = []
        for model in spec.parameters[.model]?.gridValues?.map(\.description) ?? [] where !listedModels.contains(model) {
            listedModels.append(model)
            try check(model: model, provider: provider.key, offered: offered, training: training, spec: spec)
        }
        let trials = spec.trials(in: context)
        var settled: [Int: PlannedTrials.Settled] = [:]
        if !force, let ledger {
            for trial in trials {
                if let run = try settledRun(trial, sweep: spec.name, ledger: ledger, retryFailed: retryFailed) {
                    settled[trial.index] = PlannedTrials.Settled(run: run.id, state: run.state)
                }
            }
        }
        let pricing = TrialPricing(spec: spec, training: training, cappedLimit: validator.model.trainingTokenLimit, catalog: catalog)
        var plan = SweepPlan(
            spec: spec, training: training, validation: reports.count > 1 ? reports[1] : nil,
            trials: PlannedTrials(trials, pricing: pricing, settled: settled), budgetViolations: [])
        // Sampled trials may draw models the spec lists as a distribution: those are checked as drawn.
        for model in plan.totals.models.subtracting(listedModels).sorted() {
            try check(model: model, provider: provider.key, offered: offered, training: training, spec: spec)
        }
        try checkPrices(spec, models: plan.totals.models.union(listedModels))
        plan.budgetViolations = Self.violations(of: spec.budget, plan)
        if spec.budget.maxCost != nil, !spec.provider.configuration.trainsForFree {
            let unpriced = plan.totals.models.filter { !isPriced($0, spec) }.sorted()
            if !unpriced.isEmpty {
                plan.budgetViolations.append(
                    "max_cost_usd cannot be kept: no training price for \(unpriced.joined(separator: ", ")); give one under prices: (dollars per million training tokens)")
            }
        }
        return plan
    }

    /// Refuses a model the provider does not offer, or one that cannot train on the data's format.
    private func check(model: String, provider: String, offered: [String]?, training: DatasetReport, spec: SweepSpec) throws {
        if let offered, !offered.contains(model) {
            throw SweepError.spec(SpecError(file: spec.sourcePath, line: Self.line(of: "model", in: spec.text), path: "parameters.model",
                message: "the \(provider) provider does not offer '\(model)'\(SpecParser.suggestion(for: model, among: offered))"))
        }
        if let format = training.format, let refusal = catalog.info(for: model).refusal(of: format) {
            throw SweepError.spec(SpecError(
                file: spec.sourcePath, line: Self.line(of: "model", in: spec.text), path: "parameters.model",
                message: "\(refusal) (\(training.path) holds \(format.rawValue) examples)"))
        }
    }

    /// Whether the cost of training `model` is known: from the catalog or the spec's `prices`.
    private func isPriced(_ model: String, _ spec: SweepSpec) -> Bool {
        let info = catalog.info(for: model)
        return info.isKnown || spec.prices[model] != nil || spec.prices[info.name] != nil
    }

    /// A `prices` entry for a model no trial uses is a typo until shown otherwise.
    private func checkPrices(_ spec: SweepSpec, models: Set<String>) throws {
        let names = models.union(models.map { catalog.info(for: $0).name })
        for key in spec.prices.keys.sorted() where !names.contains(key) {
            throw SweepError.spec(SpecError(
                file: spec.sourcePath, line: Self.line(of: "prices", in: spec.text), path: "prices.\(key)",
                message: "no trial trains \(key)\(SpecParser.suggestion(for: key, among: names.sorted()))"))
        }
    }

    private func settledRun(_ trial: Trial, sweep: String, ledger: Ledger?, retryFailed: Bool) throws -> RunRecord? {
        guard let ledger else { return nil }
        if let succeeded = try ledger.finishedRun(trialKey: trial.key.rawValue) { return succeeded }
        guard !retryFailed, let last = try ledger.latestRun(sweep: sweep, trialKey: trial.key.rawValue),
              [RunState.failed, .cancelled, .stopped].contains(last.state) else { return nil }
        return last
    }

    static func violations(of budget: Budget, _ plan: SweepPlan) -> [String] {
        var found: [String] = []
        if let cap = budget.maxCost, plan.totalCost > cap { found.append("estimated cost \(plan.totalCost) is over max_cost_usd \(cap)") }
        if let cap = budget.maxTrainedTokens, plan.totalTokens > cap { found.append("\(plan.totalTokens) billed tokens is over max_trained_tokens \(cap)") }
        let jobs = plan.totals.runnable
        if let cap = budget.maxJobs, jobs > cap { found.append("\(jobs) jobs is over max_jobs \(cap)") }
        return found
    }

    /// The line where a key first appears in the spec's text, for messages.
    static func line(of key: String, in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.trimmingCharacters(in: .whitespaces).hasPrefix("\(key):") {
            return index + 1
        }
        return nil
    }
}
