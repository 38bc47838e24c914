import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Providers
import SweepCore

/// The models a command asks questions of: model ids, run ids, a sweep's top runs, aliases.
struct ModelTargets: ParsableArguments {
    @Argument(help: ArgumentHelp("Model ids or run ids.", valueName: "model|run"))
    var targets: [String] = []

    @Option(help: ArgumentHelp("Take the best runs of this sweep (with --top).", valueName: "sweep"))
    var sweep: String?

    @Option(help: ArgumentHelp("How many of the sweep's best runs.", valueName: "k"))
    var top: Int = 3

    @Option(help: ArgumentHelp("Take the model an alias names. Repeatable.", valueName: "name"))
    var alias: [String] = []

    @Option(help: ArgumentHelp(
        "An OpenAI-compatible endpoint for models no run of the ledger produced (key from $OPENAI_API_KEY).",
        valueName: "url"))
    var baseURL: String?

    func validate() throws {
        guard !targets.isEmpty || sweep != nil || !alias.isEmpty else { throw ValidationError("name a model, a run, --sweep or --alias") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    /// One model to ask, and the run that produced it when the ledger knows one.
    struct Target {
        var model: String
        var run: RunRecord?
    }

    /// The targets in the order given (explicit ones, then the sweep's best, then aliases), each once.
    /// A run id must name a run with a model unless `modelsRequired` is false (comparing settings).
    func resolve(in ledger: Ledger?, modelsRequired: Bool = true) throws -> [Target] {
        var resolved: [Target] = []
        do {
            for text in targets {
                if let id = Int(text) {
                    guard let ledger else { throw CommandFailure("run \(id): no ledger at this path") }
                    let run = try ledger.run(id)
                    if run.state == .succeeded, let model = run.fineTunedModel {
                        resolved.append(Target(model: model, run: run))
                    } else if !modelsRequired {
                        resolved.append(Target(model: run.fineTunedModel ?? "", run: run))
                    } else {
                        throw CommandFailure(PromotionError.noModel(run: id, state: run.state).description)
                    }
                } else {
                    resolved.append(Target(model: text, run: try ledger?.run(producing: text)))
                }
            }
            if let sweep {
                guard let ledger else { throw CommandFailure("--sweep \(sweep): no ledger at this path") }
                let runs = try Ranking(ledger: ledger).top(sweep: sweep, count: top)
                guard !runs.isEmpty else { throw CommandFailure("sweep \(sweep) has no succeeded run yet") }
                resolved += runs.map { Target(model: $0.fineTunedModel ?? "", run: $0) }
            }
            for name in alias {
                guard let holder = try ledger?.alias(name) else { throw CommandFailure("no alias named \(name)", status: ExitStatus.notFound) }
                resolved.append(Target(model: holder.modelID, run: try holder.runID.map { try ledger?.run($0) } ?? ledger?.run(producing: holder.modelID)))
            }
        } catch let error as LedgerError {
            throw CommandFailure(error)
        }
        // Each once: a run by its id (runs without a model compare by settings), a model by its id.
        var seen = Set<String>()
        return resolved.filter { seen.insert($0.run.map { "run \($0.id)" } ?? $0.model).inserted }
    }

    /// Where a target's model answers: its run's provider; the endpoint of `--base-url`; the local
    /// trainer when it knows the model; else the provider of another target's sweep (a base model beside
    /// its fine-tunes).
    func provider(
        for target: Target, among all: [Target], ledger: Ledger?, ledgerPath: String, servers: ModelServers
    ) throws -> any FineTuningProvider {
        if let run = target.run { return try Self.provider(of: run, ledger: ledger, ledgerPath: ledgerPath, servers: servers) }
        if let baseURL { return try SweepOptions.provider(for: ProviderSpec(OpenAIEndpoint(baseURL: baseURL)), ledgerPath: ledgerPath) }
        let local = LocalProvider.beside(ledgerPath: ledgerPath)
        if local.availableModels().contains(target.model) { return local }
        if let sibling = all.lazy.compactMap(\.run).first {
            return try Self.provider(of: sibling, ledger: ledger, ledgerPath: ledgerPath, servers: servers)
        }
        throw CommandFailure("no provider knows model '\(target.model)': give its endpoint with --base-url", status: ExitStatus.notFound)
    }

    /// The provider of the sweep that produced `run` (its model servers join `servers`).
    static func provider(of run: RunRecord, ledger: Ledger?, ledgerPath: String, servers: ModelServers) throws
        -> any FineTuningProvider
    {
        try SweepOptions.failing { () throws(ProviderLookupError) in
            try ProviderLookup(ledgerPath: ledgerPath, servers: servers).provider(of: run, in: ledger)
        }
    }
}
