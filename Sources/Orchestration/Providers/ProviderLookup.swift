import Ledger
import Providers
import SweepCore

/// Finds the provider that runs a sweep's jobs or answers a run's model, from what the ledger recorded.
public struct ProviderLookup: Sendable {
    /// Local and command jobs live beside the ledger.
    public var ledgerPath: String
    /// Model servers a command provider starts; the caller stops them when it ends.
    public var servers: ModelServers
    public var registry: ProviderRegistry

    public init(ledgerPath: String, servers: ModelServers = ModelServers(), registry: ProviderRegistry = .standard) {
        self.ledgerPath = ledgerPath
        self.servers = servers
        self.registry = registry
    }

    /// The provider a spec's settings describe; `requiringKey` is false for a plan, which calls no API.
    public func provider(for spec: ProviderSpec, specFolder: String = ".", requiringKey: Bool = true) throws(ProviderLookupError)
        -> any FineTuningProvider
    {
        let context = ProviderContext(ledgerPath: ledgerPath, specFolder: specFolder, servers: servers, requiringKey: requiringKey)
        do { return try registry.provider(for: spec, context: context) } catch { throw .setup(error) }
    }

    /// The provider a sweep's jobs run on, from the spec it was launched with.
    public func provider(for sweep: SweepRecord) throws(ProviderLookupError) -> any FineTuningProvider {
        let spec: SweepSpec
        do { spec = try sweep.storedSpec() } catch { throw .storedSpec(sweep: sweep.name, error) }
        return try provider(for: spec.provider, specFolder: spec.folder)
    }

    /// The provider that answers a run's model: its sweep's (a command trainer's through its serve
    /// command); for a run whose sweep is gone, what its ledger key names; else the local trainer.
    public func provider(of run: RunRecord, in ledger: Ledger?) throws(ProviderLookupError) -> any FineTuningProvider {
        if let name = run.sweepName, let sweep = try? ledger?.sweep(named: name) {
            return try provider(for: sweep)
        }
        return try provider(for: registry.spec(forLedgerKey: run.provider) ?? ProviderSpec(LocalConfiguration()))
    }
}

/// Why no provider could be found.
public enum ProviderLookupError: Error, CustomStringConvertible {
    /// The settings name a provider that cannot be made (no key, an unregistered kind).
    case setup(ProviderSetupError)
    /// The spec a sweep was launched with no longer parses.
    case storedSpec(sweep: String, SpecError)

    public var description: String {
        switch self {
        case .setup(let error): error.description
        case let .storedSpec(sweep, error): "sweep \(sweep)'s stored spec no longer parses: \(error)"
        }
    }
}
