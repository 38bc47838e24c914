import Foundation
import Yams

/// Reads a sweep spec from YAML (or JSON) and checks it before anything runs. Parses YAML into
/// nodes, not Codable, so every error can name its line and key path.
public struct SpecParser {
    let file: String
    let text: String
    /// The provider types `provider:` may name.
    let providers: ProviderKinds

    public static let topLevelKeys = [
        "name", "description", "provider", "method", "metric", "training_file", "validation_file", "seed", "run_cap",
        "max_parallel", "budget", "max_failed", "max_consecutive_failures", "prices", "suffix", "parameters", "early_stop",
        "warm_start",
    ]

    /// Loads and checks the spec at `path`.
    public static func load(path: String, providers: ProviderKinds) throws(SpecError) -> SweepSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, line: nil, path: "", message: "cannot read the spec file")
        }
        return try SpecParser(file: path, text: String(decoding: data, as: UTF8.self), providers: providers).parse()
    }

    public init(file: String, text: String, providers: ProviderKinds) {
        self.file = file
        self.text = text
        self.providers = providers
    }

    public func parse() throws(SpecError) -> SweepSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlFailure(error)
        } catch {
            throw SpecError(file: file, line: nil, path: "", message: "not YAML: \(error)")
        }
        guard let root, case .mapping(let mapping) = root else {
            throw SpecError(file: file, line: root?.mark?.line, path: "", message: "a spec is a mapping of keys such as name, method and parameters")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard Self.topLevelKeys.contains(name) else {
                throw failure(key, name, "unknown key\(Self.suggestion(for: name, among: Self.topLevelKeys))")
            }
            fields[name] = value
        }
        func required(_ key: String) throws(SpecError) -> Node {
            guard let node = fields[key] else { throw SpecError(file: file, line: nil, path: key, message: "is required") }
            return node
        }
        let method = try fields["method"].map { node throws(SpecError) in try enumValue(node, "method", SearchMethod.self) } ?? .grid
        // A command's placeholders may name the spec's own parameters, so their names are read first.
        let parameterNames: [String] = if case .mapping(let entries)? = fields["parameters"] { entries.keys.compactMap(\.string) } else { [] }
        let provider = try provider(fields["provider"], hasValidationFile: fields["validation_file"] != nil, parameterNames: parameterNames)
        let schema = provider.parameterSchema
        var parameters = ParameterSpace()
        var parameterLines: [ParameterName: Int] = [:]
        if let node = fields["parameters"] {
            guard case .mapping(let entries) = node else { throw failure(node, "parameters", "must be a mapping of parameter names") }
            for (key, value) in entries {
                let name = ParameterName(key.string ?? "")
                if let problem = schema.problem(withName: name) { throw failure(key, "parameters.\(name)", problem) }
                parameters[name] = try parameterSpec(value, name, schema, path: "parameters.\(name)")
                parameterLines[name] = key.mark?.line
            }
        }
        guard parameters[.model] != nil else {
            throw SpecError(file: file, line: fields["parameters"]?.mark?.line, path: "parameters.model", message: "is required (the base model, e.g. {value: local-small})")
        }
        var spec = SweepSpec(
            name: try sweepName(try required("name")),
            provider: provider,
            method: method,
            metric: try metric(fields["metric"], hasValidationFile: fields["validation_file"] != nil),
            trainingFile: try string(try required("training_file"), "training_file"),
            validationFile: try fields["validation_file"].map { node throws(SpecError) in try string(node, "validation_file") },
            seed: UInt64(try fields["seed"].map { node throws(SpecError) in try integer(node, "seed", 0...Int(Int32.max)) } ?? 0),
            runCap: try fields["run_cap"].map { node throws(SpecError) in try integer(node, "run_cap", 1...100_000) },
            maxParallel: try fields["max_parallel"].map { node throws(SpecError) in try integer(node, "max_parallel", 1...256) },
            budget: try budget(fields["budget"]),
            suffix: try fields["suffix"].map { node throws(SpecError) in try suffix(node) },
            parameters: parameters,
            sourcePath: file, text: text,
            failurePolicy: FailurePolicy(
                maxFailed: try fields["max_failed"].map { node throws(SpecError) in try integer(node, "max_failed", 1...100_000) },
                maxConsecutiveFailures: try fields["max_consecutive_failures"].map { node throws(SpecError) in
                    try integer(node, "max_consecutive_failures", 1...100_000)
                }),
            prices: try prices(fields["prices"]))
        if method != .grid && spec.runCap == nil {
            throw SpecError(file: file, line: fields["method"]?.mark?.line, path: "run_cap", message: "\(method.rawValue) search needs run_cap, the number of trials to draw")
        }
        spec.earlyStop = try earlyStop(fields["early_stop"])
        spec.warmStart = try warmStart(fields["warm_start"])
        if method == .grid {
            for (name, parameter) in parameters where parameter.gridValues == nil {
                throw SpecError(file: file, line: parameterLines[name], path: "parameters.\(name)", message: "grid search needs value, values or a categorical distribution; use method: random for a continuous one")
            }
        }
        return spec
    }

    // MARK: Fields

    /// A metric that scores models on the validation file needs one: refused here, before anything is planned.
    private func metric(_ node: Node?, hasValidationFile: Bool) throws(SpecError) -> MetricSpec {
        guard let node else { return .default }
        guard case .mapping(let mapping) = node else { throw failure(node, "metric", "must be {name: ..., goal: minimize|maximize}") }
        var name = MetricSpec.default.name
        var goal: Goal?
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "name":
                name = try string(value, "metric.name")
                if let replacement = Metric.replacement(for: name) { throw failure(value, "metric.name", replacement) }
                guard MetricSpec.known[name] != nil else {
                    throw failure(value, "metric.name", "unknown metric '\(name)'\(Self.suggestion(for: name, among: Array(MetricSpec.known.keys).sorted()))")
                }
                if Metric(named: name)?.isScoredOnValidation == true, !hasValidationFile {
                    throw failure(value, "metric.name", "\(name) scores each finished model's answers on the validation file; add validation_file (chat examples ending in the reference answer)")
                }
            case "goal": goal = try enumValue(value, "metric.goal", Goal.self)
            case let other: throw failure(key, "metric.\(other)", "unknown key\(Self.suggestion(for: other, among: ["name", "goal"]))")
            }
        }
        return MetricSpec(name: name, goal: goal ?? MetricSpec.known[name] ?? .minimize)
    }

    private func budget(_ node: Node?) throws(SpecError) -> Budget {
        guard let node else { return Budget() }
        guard case .mapping(let mapping) = node else { throw failure(node, "budget", "must be a mapping such as {max_cost_usd: 25}") }
        var budget = Budget()
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "max_cost_usd":
                guard let text = value.scalar?.string, let amount = USD(dollars: text) else {
                    throw failure(value, "budget.max_cost_usd", "must be an amount of dollars such as 25 or 12.50")
                }
                budget.maxCost = amount
            case "max_trained_tokens": budget.maxTrainedTokens = try integer(value, "budget.max_trained_tokens", 1...Int.max)
            case "max_jobs": budget.maxJobs = try integer(value, "budget.max_jobs", 1...1_000_000)
            case let other:
                throw failure(key, "budget.\(other)", "unknown key\(Self.suggestion(for: other, among: ["max_cost_usd", "max_trained_tokens", "max_jobs"]))")
            }
        }
        return budget
    }

    private func prices(_ node: Node?) throws(SpecError) -> [String: USD] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else { throw failure(node, "prices", "must map base models to dollars per million training tokens, such as {my-model: 2.50}") }
        var prices: [String: USD] = [:]
        for (key, value) in mapping {
            let model = try string(key, "prices")
            guard let text = value.scalar?.string, let amount = USD(dollars: text) else {
                throw failure(value, "prices.\(model)", "must be dollars per million training tokens, such as 2.50")
            }
            prices[model] = amount
        }
        return prices
    }

    /// OpenAI puts the suffix into the model id (`ft:{base}:{org}:{suffix}:{id}`), so a `:` would make the id
    /// ambiguous and a control character would reach terminals: letters, digits, `-` and `_`, up to 64.
    private func suffix(_ node: Node) throws(SpecError) -> String {
        let value = try string(node, "suffix")
        guard (1...64).contains(value.count), value.unicodeScalars.allSatisfy(Self.isNameScalar) else {
            throw failure(node, "suffix", "must be 1 to 64 letters, digits, '-' or '_' (it becomes part of the model id)")
        }
        return value
    }

    /// A sweep's name is typed on command lines and printed in tables: letters, digits, `-`, `_` and `.`, up to 128.
    private func sweepName(_ node: Node) throws(SpecError) -> String {
        let value = try string(node, "name")
        guard (1...128).contains(value.count), value.unicodeScalars.allSatisfy({ Self.isNameScalar($0) || $0 == "." }) else {
            throw failure(node, "name", "must be 1 to 128 letters, digits, '-', '_' or '.'")
        }
        return value
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
    }

    // MARK: Scalars

    func string(_ node: Node, _ path: String) throws(SpecError) -> String {
        guard let value = node.scalar?.string else { throw failure(node, path, "must be a string") }
        return value
    }

    func integer(_ node: Node, _ path: String, _ range: ClosedRange<Int>) throws(SpecError) -> Int {
        guard let value = Self.resolve(node)?.int, range.contains(value) else {
            throw failure(node, path, "must be a whole number from \(range.lowerBound) to \(range.upperBound == Int.max ? "any size" : String(range.upperBound))")
        }
        return value
    }

    func enumValue<E: RawRepresentable<String>>(_ node: Node, _ path: String, _ type: E.Type) throws(SpecError) -> E {
        let text = try string(node, path)
        guard let value = E(rawValue: text) else { throw failure(node, path, "'\(text)' is not one of the allowed values") }
        return value
    }

    /// A plain scalar as YAML 1.2's core schema reads it: numbers, `auto`, or text. Quoted text stays text.
    static func resolve(_ node: Node) -> ParamValue? {
        guard let scalar = node.scalar else { return nil }
        if scalar.string == "auto" { return .auto }
        if scalar.style == .plain {
            if let int = Int(scalar.string) { return .int(int) }
            if let double = Double(scalar.string), double.isFinite { return .number(double) }
        }
        return .string(scalar.string)
    }

    func failure(_ node: Node, _ path: String, _ message: String) -> SpecError {
        SpecError(file: file, line: node.mark?.line, path: path, message: message)
    }

    private func yamlFailure(_ error: YamlError) -> SpecError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            SpecError(file: file, line: mark.line, path: "", message: "not valid YAML: \(problem)")
        default:
            SpecError(file: file, line: nil, path: "", message: "not valid YAML: \(error)")
        }
    }

    /// ", did you mean 'x'?" for a near miss (edit distance at most 2), else "; expected a, b, c".
    public static func suggestion(for word: String, among candidates: [String]) -> String {
        let best = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
        if let best, best.1 <= 2 { return "; did you mean '\(best.0)'?" }
        return "; expected one of \(candidates.joined(separator: ", "))"
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension Node {
    var string: String? { scalar?.string }
}
