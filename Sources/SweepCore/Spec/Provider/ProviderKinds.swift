/// The provider types a spec may name, by `kind`; the first is the one a spec without `provider:` gets.
public struct ProviderKinds: Sendable {
    public let types: [any ProviderConfiguration.Type]

    public init(_ types: [any ProviderConfiguration.Type]) {
        precondition(!types.isEmpty, "a spec needs at least one provider kind")
        precondition(Set(types.map { $0.kind }).count == types.count, "two provider types share a kind")
        self.types = types
    }

    /// The kinds, in registration order.
    public var names: [String] { types.map { $0.kind } }

    func type(named kind: String) -> (any ProviderConfiguration.Type)? {
        types.first { $0.kind == kind }
    }

    /// "local, openai or command".
    var listed: String {
        names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
