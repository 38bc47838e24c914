import SweepCore

/// The providers ftsweep can run trials on. Adding one is a folder in Providers with its
/// `ProviderFactory` and one line in `standard`.
public struct ProviderRegistry: Sendable {
    public let factories: [any ProviderFactory.Type]

    /// The first is what a spec without `provider:` gets.
    public static let standard = ProviderRegistry([LocalConfiguration.self, OpenAIEndpoint.self, CommandSpec.self])

    public init(_ factories: [any ProviderFactory.Type]) {
        self.factories = factories
    }

    /// The kinds a spec's `provider:` may name, for `SpecParser`.
    public var kinds: ProviderKinds { ProviderKinds(factories) }

    /// The provider a spec's settings describe.
    public func provider(for spec: ProviderSpec, context: ProviderContext) throws(ProviderSetupError) -> any FineTuningProvider {
        guard let factory = spec.configuration as? any ProviderFactory else { throw .unregistered(kind: spec.kind) }
        return try factory.makeProvider(context)
    }

    /// The settings a ledger's provider key alone describes, when one registered kind knows it.
    public func spec(forLedgerKey key: String) -> ProviderSpec? {
        factories.lazy.compactMap { $0.configuration(forLedgerKey: key) }.first.map { ProviderSpec($0) }
    }

    /// The settings `reproduce --provider TEXT` names, when one registered kind takes TEXT.
    public func spec(forTarget text: String) -> ProviderSpec? {
        factories.lazy.compactMap { $0.configuration(forTarget: text) }.first.map { ProviderSpec($0) }
    }
}
