import Yams

/// The keys of a spec's `provider:` mapping other than `kind`, as a provider's parser reads them:
/// every refusal names the file, the line and the key path (`provider.base_url`).
public struct ProviderSettings {
    let parser: SpecParser
    /// `provider:` itself, where a missing key is reported.
    let node: Node
    let entries: [(key: Node, value: Node)]
    /// Whether the spec names a validation file.
    public let hasValidationFile: Bool
    /// The names under the spec's `parameters:`, as written.
    public let parameterNames: [String]

    /// Each key with its value, in the spec's order; a key outside `allowed` is refused with a did-you-mean.
    public func values(allowed: [String]) throws(SpecError) -> [(name: String, value: SpecValue)] {
        var values: [(name: String, value: SpecValue)] = []
        for (key, value) in entries {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                throw parser.failure(key, "provider.\(name)", "unknown key\(SpecParser.suggestion(for: name, among: ["kind"] + allowed))")
            }
            values.append((name, SpecValue(parser: parser, node: value, path: "provider.\(name)")))
        }
        return values
    }

    /// A refusal of the provider as a whole, for a key it requires: `provider.run: is required: …`.
    public func missing(_ key: String, _ message: String) -> SpecError {
        parser.failure(node, "provider.\(key)", message)
    }
}

/// One value in a spec, with the key path its refusals name.
public struct SpecValue {
    let parser: SpecParser
    let node: Node
    /// The key path, such as `provider.sbatch.time`.
    public let path: String

    public func string() throws(SpecError) -> String { try parser.string(node, path) }
    public func boolean() throws(SpecError) -> Bool { try parser.boolean(node, path) }
    public func integer(in range: ClosedRange<Int>) throws(SpecError) -> Int { try parser.integer(node, path, range) }
    public func stringMap() throws(SpecError) -> [String: String] { try parser.stringMap(node, path) }

    /// The entries of a mapping, each key a value of its own (at the key's line); nil when not a mapping.
    public func entries() -> [(key: SpecValue, value: SpecValue)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { key, value in
            let name = key.string ?? ""
            return (SpecValue(parser: parser, node: key, path: path), SpecValue(parser: parser, node: value, path: "\(path).\(name)"))
        }
    }

    /// The scalar as written (a mapping key's name).
    public var text: String { node.string ?? "" }

    /// A refusal of this value: `spec.yaml:7: provider.run: message`; `path` replaces the value's own.
    public func failure(_ message: String, path: String? = nil) -> SpecError {
        parser.failure(node, path ?? self.path, message)
    }
}
