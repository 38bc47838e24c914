import Yams

extension SpecParser {
    /// `provider: KIND`, or a mapping whose `kind` picks the registered type that parses the other keys;
    /// no `provider:` is the first registered kind with no settings.
    func provider(_ node: Node?, hasValidationFile: Bool, parameterNames: [String] = []) throws(SpecError) -> ProviderSpec {
        func settings(_ at: Node, _ entries: [(key: Node, value: Node)]) -> ProviderSettings {
            ProviderSettings(parser: self, node: at, entries: entries, hasValidationFile: hasValidationFile, parameterNames: parameterNames)
        }
        func kind(_ name: String, at: Node, path: String) throws(SpecError) -> any ProviderConfiguration.Type {
            guard let type = providers.type(named: name) else {
                throw failure(at, path, "unknown provider '\(name)'; expected \(providers.listed)")
            }
            return type
        }
        guard let node else {
            return ProviderSpec(try providers.types[0].init(parsing: settings(Node(""), [])))
        }
        if let name = node.scalar?.string {
            return ProviderSpec(try kind(name, at: node, path: "provider").init(parsing: settings(node, [])))
        }
        guard case .mapping(let mapping) = node else {
            throw failure(node, "provider", "must be \(providers.listed), or a mapping with kind")
        }
        let kindNode = mapping.first { $0.key.string == "kind" }?.value
        let name = try kindNode.map { node throws(SpecError) in try string(node, "provider.kind") } ?? providers.names[0]
        let type = try kind(name, at: kindNode ?? node, path: "provider.kind")
        return ProviderSpec(try type.init(parsing: settings(node, mapping.filter { $0.key.string != "kind" })))
    }

    func stringMap(_ node: Node, _ path: String) throws(SpecError) -> [String: String] {
        guard case .mapping(let mapping) = node else {
            throw failure(node, path, "must be a mapping of names to strings")
        }
        var result: [String: String] = [:]
        for (key, value) in mapping { result[key.string ?? ""] = try string(value, "\(path).\(key.string ?? "")") }
        return result
    }

    func boolean(_ node: Node, _ path: String) throws(SpecError) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain, ["true", "false"].contains(scalar.string) else {
            throw failure(node, path, "must be true or false")
        }
        return scalar.string == "true"
    }
}

extension SpecParser {
    /// `early_stop: {type: median|hyperband|patience, …}`.
    func earlyStop(_ node: Node?) throws(SpecError) -> EarlyStopSpec? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else { throw failure(node, "early_stop", "must be a mapping such as {type: median}") }
        var fields: [String: Node] = [:]
        for (key, value) in mapping { fields[key.string ?? ""] = value }
        guard let typeNode = fields.removeValue(forKey: "type") else {
            throw failure(node, "early_stop.type", "is required: \(EarlyStopSpec.types.joined(separator: ", "))")
        }
        let type = try string(typeNode, "early_stop.type")
        guard EarlyStopSpec.types.contains(type) else {
            throw failure(typeNode, "early_stop.type", "unknown rule '\(type)'\(Self.suggestion(for: type, among: EarlyStopSpec.types))")
        }
        let allowed = EarlyStopSpec.keys(of: type)
        for (key, value) in fields where !allowed.contains(key) {
            throw failure(value, "early_stop.\(key)", "is not a key of \(type)\(Self.suggestion(for: key, among: allowed))")
        }
        func whole(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) throws(SpecError) -> Int {
            try fields[key].map { node throws(SpecError) in try integer(node, "early_stop.\(key)", range) } ?? fallback
        }
        switch type {
        case "median":
            return .median(startupTrials: try whole("startup_trials", 1...10_000, 3), minIter: try whole("min_iter", 0...1_000_000, 0))
        case "hyperband":
            return .hyperband(minIter: try whole("min_iter", 1...1_000_000, 1), eta: try whole("eta", 2...100, 3))
        default:
            var minDelta = 0.0
            if let node = fields["min_delta"] {
                guard let value = Self.resolve(node)?.double, value >= 0, value.isFinite else {
                    throw failure(node, "early_stop.min_delta", "must be a number of at least 0")
                }
                minDelta = value
            }
            return .patience(patience: try whole("patience", 1...1_000_000, 3), minDelta: minDelta)
        }
    }

    /// `warm_start: same_data` or `warm_start: {sweeps: [a, b]}`.
    func warmStart(_ node: Node?) throws(SpecError) -> WarmStartSpec? {
        guard let node else { return nil }
        if node.scalar?.string == "same_data" { return .sameData }
        guard case .mapping(let mapping) = node, mapping.count == 1, mapping.keys.first?.string == "sweeps",
              case .sequence(let sequence)? = mapping.values.first, !sequence.isEmpty else {
            throw failure(node, "warm_start", "must be same_data or {sweeps: [name, …]}")
        }
        var names: [String] = []
        for element in sequence { names.append(try string(element, "warm_start.sweeps")) }
        return .sweeps(names)
    }
}
