/// A command-line replacement for a spec parameter: `-p name=v1,v2`, `-p name=range(1,4)`,
/// `-p name=loguniform(0.05,2)`, `-p name=uniform(a,b)`, `-p name=choice(a,b)`.
public struct ParameterOverride: Sendable, Equatable {
    public var name: ParameterName
    public var spec: ParameterSpec
    /// The override as written, kept with the sweep so a resume applies it again.
    public var text: String

    /// Parses `name=expression`; the message of a thrown error says what was expected.
    public init(parsing text: String) throws(SpecError) {
        self.text = text
        func fail(_ message: String) -> SpecError { SpecError(file: "-p", line: nil, path: text, message: message) }
        guard let equals = text.firstIndex(of: "=") else { throw fail("expected name=value, e.g. n_epochs=2,3") }
        let key = String(text[..<equals])
        let name = ParameterName(key)
        let expression = String(text[text.index(after: equals)...])
        func arguments(_ function: String) -> [ParamValue]? {
            guard expression.hasPrefix(function + "("), expression.hasSuffix(")") else { return nil }
            return expression.dropFirst(function.count + 1).dropLast().split(separator: ",").map { Self.value(String($0)) }
        }
        let spec: ParameterSpec
        if let bounds = arguments("range") {
            guard bounds.count == 2, let low = bounds[0].int, let high = bounds[1].int, low <= high else { throw fail("range(a,b) needs two whole numbers, a ≤ b (both included)") }
            spec = .values((low...high).map(ParamValue.int))
        } else if let bounds = arguments("loguniform") {
            guard bounds.count == 2, let low = bounds[0].double, let high = bounds[1].double, low > 0, low < high else { throw fail("loguniform(a,b) needs 0 < a < b") }
            spec = .distribution(.logUniformValues(min: low, max: high))
        } else if let bounds = arguments("uniform") {
            guard bounds.count == 2, let low = bounds[0].double, let high = bounds[1].double, low < high else { throw fail("uniform(a,b) needs a < b") }
            spec = .distribution(.uniform(min: low, max: high))
        } else if let choices = arguments("choice") {
            guard !choices.isEmpty else { throw fail("choice(...) needs at least one value") }
            spec = .distribution(.categorical(values: choices, probabilities: nil))
        } else {
            let values = expression.split(separator: ",").map { Self.value(String($0)) }
            guard !values.isEmpty else { throw fail("expected at least one value") }
            spec = values.count == 1 ? .value(values[0]) : .values(values)
        }
        self.name = name
        self.spec = spec
    }

    public static func value(_ text: String) -> ParamValue {
        let trimmed = text.trimmingSpaces()
        if trimmed == "auto" { return .auto }
        if let int = Int(trimmed) { return .int(int) }
        if let double = Double(trimmed), double.isFinite { return .number(double) }
        return .string(trimmed)
    }
}

extension SweepSpec {
    /// The spec with command-line overrides in place of its parameters, each checked against the
    /// provider's schema. A grid cannot take a continuous distribution: that is an error, not an empty sweep.
    public func overriding(_ overrides: [ParameterOverride]) throws(SpecError) -> SweepSpec {
        var copy = self
        let schema = provider.parameterSchema
        for override in overrides {
            if let problem = override.problem(in: schema) {
                throw SpecError(file: "-p", line: nil, path: override.text, message: problem)
            }
            if method == .grid && override.spec.gridValues == nil {
                throw SpecError(file: "-p", line: nil, path: override.name.rawValue,
                                message: "a grid search needs listed values; use values, range(a,b) or choice(…), or a spec with method: random")
            }
            copy.parameters[override.name] = override.spec
            copy.overrides.append(override.text)
        }
        return copy
    }
}

extension ParameterOverride {
    /// What is wrong with the override for a provider: its name, or a value it can give.
    func problem(in schema: ParameterSchema) -> String? {
        if let problem = schema.problem(withName: name) { return problem }
        for value in spec.gridValues ?? [] {
            if let problem = schema.problem(with: value, for: name) { return problem }
        }
        if case .distribution(let distribution) = spec { return schema.problem(with: distribution, for: name) }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
