import Yams

extension SpecParser {
    /// `{value: v}`, `{values: [...]}` or `{distribution: name, min, max, q, values, probabilities}`.
    func parameterSpec(_ node: Node, _ name: ParameterName, _ schema: ParameterSchema, path: String) throws(SpecError) -> ParameterSpec {
        guard case .mapping(let mapping) = node else {
            throw failure(node, path, "must be {value: ...}, {values: [...]} or {distribution: ...}")
        }
        var fields: [String: Node] = [:]
        let allowed = ["value", "values", "distribution", "min", "max", "q", "probabilities"]
        for (key, value) in mapping {
            let field = key.string ?? ""
            guard allowed.contains(field) else { throw failure(key, "\(path).\(field)", "unknown key\(Self.suggestion(for: field, among: allowed))") }
            fields[field] = value
        }
        let spec: ParameterSpec
        if let value = fields["value"] {
            spec = .value(try checked(value, name, schema, path: "\(path).value"))
        } else if let distribution = fields["distribution"] {
            spec = .distribution(try self.distribution(distribution, fields, name, schema, path: path))
        } else if let values = fields["values"] {
            spec = .values(try list(values, name, schema, path: "\(path).values"))
        } else {
            throw failure(node, path, "needs value, values or distribution")
        }
        return spec
    }

    private func list(_ node: Node, _ name: ParameterName, _ schema: ParameterSchema, path: String) throws(SpecError) -> [ParamValue] {
        guard case .sequence(let sequence) = node, !sequence.isEmpty else { throw failure(node, path, "must be a non-empty list") }
        var values: [ParamValue] = []
        for (index, element) in sequence.enumerated() {
            let value = try checked(element, name, schema, path: "\(path)[\(index)]")
            if values.contains(where: { $0.normalized == value.normalized }) {
                throw failure(element, "\(path)[\(index)]", "\(value) is listed twice")
            }
            values.append(value)
        }
        return values
    }

    private func distribution(_ node: Node, _ fields: [String: Node], _ name: ParameterName, _ schema: ParameterSchema, path: String) throws(SpecError) -> Distribution {
        let kind = try string(node, "\(path).distribution")
        func bound(_ key: String) throws(SpecError) -> ParamValue {
            guard let field = fields[key] else { throw failure(node, "\(path).\(key)", "is required for \(kind)") }
            return try checked(field, name, schema, path: "\(path).\(key)")
        }
        func number(_ key: String) throws(SpecError) -> Double {
            let value = try bound(key)
            guard let double = value.double else { throw failure(fields[key]!, "\(path).\(key)", "must be a number") }
            return double
        }
        let result: Distribution
        switch kind {
        case "int_uniform":
            guard let low = try bound("min").int, let high = try bound("max").int else {
                throw failure(node, path, "int_uniform needs whole-number min and max")
            }
            result = .intUniform(min: low, max: high)
        case "uniform": result = .uniform(min: try number("min"), max: try number("max"))
        case "log_uniform_values":
            let low = try number("min")
            guard low > 0 else { throw failure(fields["min"]!, "\(path).min", "must be above 0 for a log scale") }
            result = .logUniformValues(min: low, max: try number("max"))
        case "q_uniform":
            guard let q = fields["q"].flatMap(Self.resolve)?.double, q > 0 else {
                throw failure(fields["q"] ?? node, "\(path).q", "must be a number above 0")
            }
            result = .qUniform(min: try number("min"), max: try number("max"), q: q)
        case "categorical":
            guard let valuesNode = fields["values"] else { throw failure(node, "\(path).values", "is required for categorical") }
            let values = try list(valuesNode, name, schema, path: "\(path).values")
            var probabilities: [Double]?
            if let node = fields["probabilities"] {
                guard case .sequence(let sequence) = node else { throw failure(node, "\(path).probabilities", "must be a list of numbers") }
                var parsed: [Double] = []
                for element in sequence {
                    guard let probability = Self.resolve(element)?.double, probability >= 0 else {
                        throw failure(element, "\(path).probabilities", "must be numbers of at least 0")
                    }
                    parsed.append(probability)
                }
                guard parsed.count == values.count, abs(parsed.reduce(0, +) - 1) < 1e-6 else {
                    throw failure(node, "\(path).probabilities", "needs one probability per value, adding up to 1")
                }
                probabilities = parsed
            }
            result = .categorical(values: values, probabilities: probabilities)
        default:
            throw failure(node, "\(path).distribution", "unknown distribution '\(kind)'\(Self.suggestion(for: kind, among: Distribution.names))")
        }
        let ordered = switch result {
        case let .intUniform(low, high): low <= high
        case let .uniform(low, high), let .logUniformValues(low, high), let .qUniform(low, high, _): low < high
        case .categorical: true
        }
        guard ordered else { throw failure(node, path, "min must be below max") }
        if let problem = schema.problem(with: result, for: name) { throw failure(node, path, problem) }
        return result
    }

    /// A value checked against the provider's rules for the parameter.
    func checked(_ node: Node, _ name: ParameterName, _ schema: ParameterSchema, path: String) throws(SpecError) -> ParamValue {
        guard let value = Self.resolve(node) else { throw failure(node, path, "must be a single value") }
        if let problem = schema.problem(with: value, for: name) { throw failure(node, path, problem) }
        return value
    }
}
