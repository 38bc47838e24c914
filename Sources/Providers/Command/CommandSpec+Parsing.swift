import SweepCore

extension CommandSpec: ProviderFactory {
    public static let kind = "command"

    static let keys = ["run", "env", "workdir", "shell", "cancel_grace_seconds", "executor", "sbatch", "serve", "serve_timeout_seconds"]

    /// `{kind: command, run: "python3 train.py {lora_r}", …}`: the run template may use the spec's own
    /// parameters as placeholders (their names are checked with the parameters).
    public init(parsing settings: ProviderSettings) throws(SpecError) {
        var runValue: SpecValue?
        var environment: [String: String] = [:]
        var workdir: String?
        var shell = false
        var grace = 10
        var executor = "local"
        var sbatch: SpecValue?
        var serveValue: SpecValue?
        var serveTimeout = 300
        for (name, value) in try settings.values(allowed: Self.keys) {
            switch name {
            case "run": runValue = value
            case "env": environment = try value.stringMap()
            case "workdir": workdir = try value.string()
            case "shell": shell = try value.boolean()
            case "cancel_grace_seconds": grace = try value.integer(in: 0...3600)
            case "executor":
                executor = try value.string()
                guard ["local", "slurm"].contains(executor) else {
                    throw value.failure("unknown executor '\(executor)'; expected local or slurm")
                }
            case "sbatch": sbatch = value
            case "serve": serveValue = value
            default: serveTimeout = try value.integer(in: 1...86400)
            }
        }
        guard let runValue else {
            throw settings.missing(
                "run", "is required: the command that trains one trial, such as \"python3 train.py --out {run_dir}\"")
        }
        let extraNames = settings.parameterNames.filter { !CommandTemplate.servingNames.contains($0) }
        let run = try Self.template(runValue, names: CommandTemplate.names + extraNames)
        if run.placeholders.contains("validation_file") && !settings.hasValidationFile {
            throw runValue.failure("uses {validation_file}, but the spec has no validation_file")
        }
        if let sbatch, executor != "slurm" { throw sbatch.failure("is for executor: slurm") }
        let options = try sbatch.map { value throws(SpecError) in try Self.sbatchOptions(value) } ?? []
        let serve = try serveValue.map { value throws(SpecError) in try Self.template(value, names: CommandTemplate.servingNames + extraNames) }
        self.init(
            run: run, environment: environment, workdir: workdir, shell: shell, cancelGrace: .seconds(grace),
            executor: executor == "slurm" ? .slurm(options) : .local, serve: serve, serveTimeout: .seconds(serveTimeout))
    }

    private static func template(_ value: SpecValue, names: [String]) throws(SpecError) -> CommandTemplate {
        let text = try value.string()
        do throws(CommandTemplate.Problem) { return try CommandTemplate(parsing: text, names: names) } catch {
            throw value.failure(error.message)
        }
    }

    /// `sbatch: {partition: gpu, time: "01:00:00", gres: "gpu:1"}`, in the spec's order.
    private static func sbatchOptions(_ value: SpecValue) throws(SpecError) -> [SbatchOption] {
        guard let entries = value.entries() else {
            throw value.failure("must map sbatch options to values, such as {partition: gpu, time: \"01:00:00\"}")
        }
        var options: [SbatchOption] = []
        for (key, option) in entries {
            let name = key.text
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw key.failure("'\(name)' is not an sbatch option name such as partition or cpus_per_task")
            }
            // ftsweep names, places and logs each job itself: these would break finding it again.
            guard !["job_name", "job-name", "chdir", "output", "error", "parsable", "wrap", "comment"].contains(name) else {
                throw key.failure("is set by ftsweep for every job", path: option.path)
            }
            options.append(SbatchOption(name: name, value: try option.string()))
        }
        return options
    }

    /// Open: the standard names with the API's rules, and any other name, passed to the trainer as it is.
    public var parameterSchema: ParameterSchema { ParameterSchema(ParameterSchema.standardDeclarations, isOpen: true) }
    /// A trainer may measure its own validation figures.
    public var measuresItsOwnValidation: Bool { true }

    public func makeProvider(_ context: ProviderContext) -> any FineTuningProvider {
        CommandProvider.beside(ledgerPath: context.ledgerPath, spec: self, specFolder: context.specFolder, servers: context.servers)
    }
}
