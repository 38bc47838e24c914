import Yams

extension SpecParser {
    static let openAIKeys = [
        "kind", "base_url", "api_key_env", "api_key_file", "api_key_header", "organization", "project", "headers",
        "query",
    ]
    static let commandKeys = [
        "kind", "run", "env", "workdir", "shell", "cancel_grace_seconds", "executor", "sbatch", "serve",
        "serve_timeout_seconds",
    ]

    /// `local`, `openai`, or a mapping whose `kind` decides which other keys it may have.
    func provider(_ node: Node?, hasValidationFile: Bool, parameterNames: [String] = []) throws(SpecError) -> ProviderSpec {
        guard let node else { return .local }
        if let kind = node.scalar?.string {
            switch kind {
            case "local": return .local
            case "openai": return .openai(OpenAIEndpoint())
            case "command":
                throw failure(
                    node, "provider",
                    "the command provider needs its command: {kind: command, run: \"python3 train.py …\"}")
            default: throw failure(node, "provider", "unknown provider '\(kind)'; expected local, openai or command")
            }
        }
        guard case .mapping(let mapping) = node else {
            throw failure(node, "provider", "must be local, openai or a mapping with kind")
        }
        let kindNode = mapping.first { $0.key.string == "kind" }?.value
        switch try kindNode.map({ node throws(SpecError) in try string(node, "provider.kind") }) ?? "local" {
        case "local": return .local
        case "openai": return .openai(try endpoint(mapping))
        case "command": return .command(try command(node, mapping, hasValidationFile: hasValidationFile, parameterNames: parameterNames))
        case let kind:
            throw failure(
                kindNode ?? node, "provider.kind", "unknown provider '\(kind)'; expected local, openai or command")
        }
    }

    private func endpoint(_ mapping: Node.Mapping) throws(SpecError) -> OpenAIEndpoint {
        var endpoint = OpenAIEndpoint()
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "kind": break
            case "base_url": endpoint.baseURL = try string(value, "provider.base_url")
            case "api_key_env": endpoint.apiKeyEnvironment = try string(value, "provider.api_key_env")
            case "api_key_file": endpoint.apiKeyFile = try string(value, "provider.api_key_file")
            case "api_key_header": endpoint.apiKeyHeader = try string(value, "provider.api_key_header")
            case "organization": endpoint.organization = try string(value, "provider.organization")
            case "project": endpoint.project = try string(value, "provider.project")
            case "headers": endpoint.headers = try stringMap(value, "provider.headers")
            case "query": endpoint.query = try stringMap(value, "provider.query")
            case let other:
                throw failure(
                    key, "provider.\(other)", "unknown key\(Self.suggestion(for: other, among: Self.openAIKeys))")
            }
        }
        return endpoint
    }

    private func command(_ node: Node, _ mapping: Node.Mapping, hasValidationFile: Bool, parameterNames: [String]) throws(SpecError)
        -> CommandSpec
    {
        var runNode: Node?
        var environment: [String: String] = [:]
        var workdir: String?
        var shell = false
        var grace = 10
        var executor = "local"
        var sbatch: Node?
        var serveNode: Node?
        var serveTimeout = 300
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "kind": break
            case "run": runNode = value
            case "env": environment = try stringMap(value, "provider.env")
            case "workdir": workdir = try string(value, "provider.workdir")
            case "shell": shell = try boolean(value, "provider.shell")
            case "cancel_grace_seconds": grace = try integer(value, "provider.cancel_grace_seconds", 0...3600)
            case "executor":
                executor = try string(value, "provider.executor")
                guard ["local", "slurm"].contains(executor) else {
                    throw failure(value, "provider.executor", "unknown executor '\(executor)'; expected local or slurm")
                }
            case "sbatch": sbatch = value
            case "serve": serveNode = value
            case "serve_timeout_seconds":
                serveTimeout = try integer(value, "provider.serve_timeout_seconds", 1...86400)
            case let other:
                throw failure(
                    key, "provider.\(other)", "unknown key\(Self.suggestion(for: other, among: Self.commandKeys))")
            }
        }
        guard let runNode else {
            throw failure(
                node, "provider.run",
                "is required: the command that trains one trial, such as \"python3 train.py --out {run_dir}\"")
        }
        let text = try string(runNode, "provider.run")
        // The spec's own parameters are placeholders too; their names are checked with the parameters.
        let extraNames = parameterNames.filter { !CommandTemplate.servingNames.contains($0) }
        let run: CommandTemplate
        do throws(CommandTemplate.Problem) { run = try CommandTemplate(parsing: text, names: CommandTemplate.names + extraNames) } catch {
            throw failure(runNode, "provider.run", error.message)
        }
        if run.placeholders.contains("validation_file") && !hasValidationFile {
            throw failure(runNode, "provider.run", "uses {validation_file}, but the spec has no validation_file")
        }
        if let sbatch, executor != "slurm" { throw failure(sbatch, "provider.sbatch", "is for executor: slurm") }
        let options = try sbatch.map { node throws(SpecError) in try sbatchOptions(node) } ?? []
        var serve: CommandTemplate?
        if let serveNode {
            let text = try string(serveNode, "provider.serve")
            do throws(CommandTemplate.Problem) {
                serve = try CommandTemplate(parsing: text, names: CommandTemplate.servingNames + extraNames)
            } catch {
                throw failure(serveNode, "provider.serve", error.message)
            }
        }
        return CommandSpec(
            run: run, environment: environment, workdir: workdir, shell: shell, cancelGrace: .seconds(grace),
            executor: executor == "slurm" ? .slurm(options) : .local, serve: serve, serveTimeout: .seconds(serveTimeout))
    }

    /// `sbatch: {partition: gpu, time: "01:00:00", gres: "gpu:1"}`, in the spec's order.
    private func sbatchOptions(_ node: Node) throws(SpecError) -> [SbatchOption] {
        guard case .mapping(let mapping) = node else {
            throw failure(
                node, "provider.sbatch",
                "must map sbatch options to values, such as {partition: gpu, time: \"01:00:00\"}")
        }
        var options: [SbatchOption] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw failure(
                    key, "provider.sbatch", "'\(name)' is not an sbatch option name such as partition or cpus_per_task")
            }
            // ftsweep names, places and logs each job itself: these would break finding it again.
            guard !["job_name", "job-name", "chdir", "output", "error", "parsable", "wrap", "comment"].contains(name)
            else {
                throw failure(key, "provider.sbatch.\(name)", "is set by ftsweep for every job")
            }
            options.append(SbatchOption(name: name, value: try string(value, "provider.sbatch.\(name)")))
        }
        return options
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
