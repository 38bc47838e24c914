import SweepCore

/// `provider: local`: the built-in trainer, whose jobs live beside the ledger. It takes no settings.
public struct LocalConfiguration: ProviderFactory, Equatable {
    public static let kind = "local"

    public init() {}

    public init(parsing settings: ProviderSettings) throws(SpecError) {
        _ = try settings.values(allowed: [])
    }

    public var key: String { Self.kind }
    public var parameterSchema: ParameterSchema { .local }
    public var trainsForFree: Bool { true }

    public func makeProvider(_ context: ProviderContext) -> any FineTuningProvider {
        LocalProvider.beside(ledgerPath: context.ledgerPath)
    }

    public static func configuration(forLedgerKey key: String) -> LocalConfiguration? { key == kind ? Self() : nil }
    public static func configuration(forTarget text: String) -> LocalConfiguration? { text == kind ? Self() : nil }
}
