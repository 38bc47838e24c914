/// A provider's settings as a spec's `provider:` gives them, parsed by the provider's own type.
///
/// Contract: `kind` is the name a spec gives the provider, unique among the registered types;
/// `init(parsing:)` refuses a key it does not know, and a bad value, at its line with its key path;
/// `key` is the provider's identity in the ledger and in trial keys: equal for settings that train
/// the same models, different otherwise.
public protocol ProviderConfiguration: Sendable {
    /// The spec's name for this provider (`provider: local`, `provider: {kind: command, …}`).
    static var kind: String { get }
    /// Parses the `provider:` mapping's keys other than `kind` (none for a bare `provider: KIND`).
    init(parsing settings: ProviderSettings) throws(SpecError)
    /// The provider's identity in the ledger and in trial keys.
    var key: String { get }
    /// The hyperparameters its trials take.
    var parameterSchema: ParameterSchema { get }
    /// Whether its trainer may measure validation figures without the spec's validation file.
    var measuresItsOwnValidation: Bool { get }
    /// Whether its training costs nothing, so a dollar budget needs no training prices.
    var trainsForFree: Bool { get }
    /// Whether `other` holds the same settings.
    func isEqual(to other: any ProviderConfiguration) -> Bool
}

extension ProviderConfiguration {
    public var measuresItsOwnValidation: Bool { false }
    public var trainsForFree: Bool { false }
}

extension ProviderConfiguration where Self: Equatable {
    public func isEqual(to other: any ProviderConfiguration) -> Bool { (other as? Self) == self }
}

/// Where a sweep's trials run: its spec's `provider:`, as the provider's own type parsed it.
public struct ProviderSpec: Sendable, Equatable {
    public let configuration: any ProviderConfiguration

    public init(_ configuration: any ProviderConfiguration) {
        self.configuration = configuration
    }

    /// The spec's name for the provider.
    public var kind: String { type(of: configuration).kind }
    /// The provider's identity in the ledger and in trial keys.
    public var key: String { configuration.key }
    /// The hyperparameters its trials take.
    public var parameterSchema: ParameterSchema { configuration.parameterSchema }

    public static func == (lhs: ProviderSpec, rhs: ProviderSpec) -> Bool { lhs.configuration.isEqual(to: rhs.configuration) }
}
