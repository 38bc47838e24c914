import SweepCore

/// A provider's configuration that makes the provider itself: what `ProviderRegistry` lists.
///
/// Contract: `makeProvider` does no I/O beyond reading a key file, so a plan can make one offline;
/// `configuration(forLedgerKey:)` and `configuration(forTarget:)` answer only for text this kind
/// wrote or accepts (`key` for the first), and nil otherwise.
public protocol ProviderFactory: ProviderConfiguration {
    /// The provider these settings describe.
    func makeProvider(_ context: ProviderContext) throws(ProviderSetupError) -> any FineTuningProvider
    /// The settings a ledger's provider key alone describes (a run whose sweep is gone), when it does.
    static func configuration(forLedgerKey key: String) -> Self?
    /// The settings `reproduce --provider TEXT` names, when TEXT names this kind.
    static func configuration(forTarget text: String) -> Self?
}

extension ProviderFactory {
    public static func configuration(forLedgerKey key: String) -> Self? { nil }
    public static func configuration(forTarget text: String) -> Self? { nil }
}

/// Where a provider keeps its jobs and finds its files.
public struct ProviderContext: Sendable {
    /// Local and command jobs live beside the ledger.
    public var ledgerPath: String
    /// Relative paths in the spec (a key file, a trainer's workdir) resolve against its folder.
    public var specFolder: String
    /// Model servers a command provider starts; the calling command stops them when it ends.
    public var servers: ModelServers
    /// False for a plan, which never calls a hosted API, so needs no key.
    public var requiringKey: Bool

    public init(ledgerPath: String, specFolder: String = ".", servers: ModelServers = ModelServers(), requiringKey: Bool = true) {
        self.ledgerPath = ledgerPath
        self.specFolder = specFolder
        self.servers = servers
        self.requiringKey = requiringKey
    }
}

/// Why a provider could not be made.
public enum ProviderSetupError: Error, Equatable, CustomStringConvertible {
    /// A hosted API needs a key and none was given.
    case noAPIKey(variable: String)
    case keyFile(APIKeyFile.Failure)
    /// The spec names a kind this build does not register.
    case unregistered(kind: String)

    public var description: String {
        switch self {
        case .noAPIKey(let variable):
            "no API key: set \(variable), or name a file readable only by you with provider.api_key_file"
        case .keyFile(let failure): failure.description
        case .unregistered(let kind): "no provider of kind '\(kind)' is registered"
        }
    }
}
