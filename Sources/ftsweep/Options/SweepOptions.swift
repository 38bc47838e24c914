import ArgumentParser
import Datasets
import Foundation
import Ledger
import Orchestration
import Providers
import SweepCore

/// A spec file and the command-line changes to it.
struct SweepOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The sweep spec (YAML or JSON).", valueName: "spec"), completion: .file(extensions: ["yaml", "yml", "json"]))
    var spec: String

    @Option(name: .customShort("p"), help: ArgumentHelp(
        "Replace a parameter: name=v1,v2 | name=range(1,4) | name=loguniform(0.05,2) | name=uniform(a,b) | name=choice(a,b). Repeatable.",
        valueName: "name=values"))
    var parameters: [String] = []

    @Flag(help: "Run trials again even when a finished run has their key.")
    var force = false

    @Flag(help: "Run again the trials whose last attempt in this sweep failed or was cancelled.")
    var retryFailed = false

    @Flag(help: "Plan a grid of more than 10,000 trials without run_cap.")
    var yes = false

    /// The spec with its overrides applied.
    func load() throws -> SweepSpec {
        do {
            let overrides = try parameters.map { text throws(SpecError) in try ParameterOverride(parsing: text) }
            return try SpecParser.load(path: spec, providers: ProviderRegistry.standard.kinds).overriding(overrides)
        } catch {
            throw CommandFailure(error.description, status: ExitStatus.usage)
        }
    }

    /// Plans the sweep against its data, its provider and the ledger; `forLaunch` may upgrade the ledger's schema,
    /// a plan alone only reads it.
    func plan(_ spec: SweepSpec, ledger ledgerOptions: LedgerOptions, forLaunch: Bool = false) async throws -> (SweepPlan, any FineTuningProvider) {
        try await Self.plan(spec, ledger: ledgerOptions, force: force, retryFailed: retryFailed, allowLargeGrid: yes, forLaunch: forLaunch)
    }

    static func plan(
        _ spec: SweepSpec, ledger ledgerOptions: LedgerOptions, force: Bool, retryFailed: Bool, allowLargeGrid: Bool = false,
        forLaunch: Bool = false
    ) async throws -> (SweepPlan, any FineTuningProvider) {
        // A plan prices trials from the local price table and asks the provider nothing: it needs no key.
        var provider = try Self.provider(
            for: spec.provider, ledgerPath: ledgerOptions.ledgerPath, specFolder: spec.folder, requiringKey: forLaunch)
        // A launch stays until its runs end, so it resumes the local jobs whose process stopped.
        if forLaunch, var local = provider as? LocalProvider {
            local.resumesStoppedJobs = true
            provider = local
        }
        let model = spec.parameters[.model]?.gridValues?.first?.description ?? ModelCatalog.defaultModel
        let planner = SweepPlanner(validator: DataCheckOptions.makeValidator(model: model, epochs: nil))
        let existing: Ledger?
        if forLaunch {
            existing = ledgerOptions.hasLedger ? try ledgerOptions.openExisting() : nil
        } else {
            existing = try ledgerOptions.openForReadingIfPresent()
        }
        do {
            let plan = try await planner.plan(
                spec, provider: provider, ledger: existing, force: force, retryFailed: retryFailed, allowLargeGrid: allowLargeGrid,
                forLaunch: forLaunch)
            if let warning = plan.unmeasurableMetric { StandardError.write("warning: \(warning)") }
            return (plan, provider)
        } catch let error as SweepError {
            if case .spec = error { throw CommandFailure(error.description, status: ExitStatus.usage) }
            throw CommandFailure(error.description, status: ExitStatus.dataError)
        }
    }

    /// The spec a sweep was launched with, read back from the ledger; its data paths resolve as they did then.
    static func storedSpec(of sweep: SweepRecord) throws -> SweepSpec {
        do { return try sweep.storedSpec() } catch {
            throw CommandFailure(ProviderLookupError.storedSpec(sweep: sweep.name, error).description, status: ExitStatus.dataError)
        }
    }

    /// The provider a sweep's jobs run on.
    static func provider(for sweep: SweepRecord, ledgerPath: String, servers: ModelServers = ModelServers()) throws
        -> any FineTuningProvider
    {
        try failing { () throws(ProviderLookupError) in try ProviderLookup(ledgerPath: ledgerPath, servers: servers).provider(for: sweep) }
    }

    /// The provider a spec names; local and command jobs live beside the ledger. A command provider's
    /// model servers join `servers`, which the calling command stops when it ends. OpenAI itself needs
    /// a key unless `requiringKey` is false (a plan, which never calls it).
    static func provider(
        for spec: ProviderSpec, ledgerPath: String, specFolder: String = ".", servers: ModelServers = ModelServers(),
        requiringKey: Bool = true
    ) throws -> any FineTuningProvider {
        try failing { () throws(ProviderLookupError) in
            try ProviderLookup(ledgerPath: ledgerPath, servers: servers).provider(for: spec, specFolder: specFolder, requiringKey: requiringKey)
        }
    }

    /// A lookup's failure as the CLI reports it: a provider that cannot be made is a usage error, a
    /// stored spec that no longer parses a data error.
    static func failing<T>(_ body: () throws(ProviderLookupError) -> T) throws -> T {
        do { return try body() } catch {
            switch error {
            case .setup: throw CommandFailure(error.description, status: ExitStatus.usage)
            case .storedSpec: throw CommandFailure(error.description, status: ExitStatus.dataError)
            }
        }
    }
}
