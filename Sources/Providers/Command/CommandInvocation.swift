import SweepCore

/// A trial's command filled from its job request: the words to run, the folder and the environment.
struct CommandInvocation: Sendable, Equatable {
    /// The trainer's program and arguments (`/bin/sh -c TEXT` with `shell: true`).
    var command: [String]
    var workdir: String
    var environment: [String: String]

    init(spec: CommandSpec, values: [String: String], workdir: String, inherited: [String: String]) {
        command = spec.shell ? ["/bin/sh", "-c", spec.run.shellCommand(values)] : spec.run.arguments(values)
        self.workdir = workdir
        var environment = inherited.merging(spec.environment) { $1 }
        for (name, value) in values {
            // ftsweep's own names are FTSWEEP_<NAME>; the spec's other parameters FTSWEEP_PARAM_<NAME>, so none can collide.
            let prefix = CommandTemplate.servingNames.contains(name) ? "FTSWEEP_" : "FTSWEEP_PARAM_"
            environment[prefix + name.uppercased()] = value
        }
        self.environment = environment
    }

    /// The placeholders' values for one job: ftsweep's names and every hyperparameter the job has;
    /// `auto` hyperparameters pass as the text `auto`.
    static func values(
        model: String, hyperparameters: [String: ParamValue], seed: String, metadata: [String: String], suffix: String?,
        trainingFile: String, validationFile: String?, runDirectory: String
    ) -> [String: String] {
        var values = hyperparameters.mapValues(\.description)
        for name in ParameterName.apiHyperparameters where values[name.rawValue] == nil { values[name.rawValue] = "auto" }
        return values.merging([
            "model": model, "seed": seed, "training_file": trainingFile, "validation_file": validationFile ?? "",
            "run_dir": runDirectory, "trial_key": metadata["ftsweep_trial_key"] ?? "", "attempt": metadata["ftsweep_attempt"] ?? "",
            "sweep": metadata["ftsweep_sweep"] ?? "", "suffix": suffix ?? "",
        ]) { $1 }
    }

    /// `{run_dir}/params.json`: the trial's model, seed and hyperparameters as one JSON object.
    static func parameterFile(_ request: JobRequest) -> String {
        var values: ParameterValues = [.model: .string(request.model)]
        for (name, value) in ParameterValues(request.hyperparameters) { values[name] = value }
        values[.seed] = .int(request.seed)
        return values.json + "\n"
    }

    /// The supervisor's command line: a small shell script that records its pid, runs the trainer
    /// in `workdir` with output to the job's log files, and records the exit status. Both records
    /// are files renamed into place, so they survive the launcher and are never seen half-written.
    /// It writes its pid before looking for the cancel marker and `cancel` writes the marker before
    /// reading the pid, so a cancel that races the start is seen by one side or the other.
    func supervisor(jobFolder: String) -> [String] {
        ["/bin/sh", "-c", Self.supervisorScript, "ftsweep-trial"] + supervisorArguments(jobFolder: jobFolder)
    }

    /// The script's positional parameters: the job folder, the working folder, then the command.
    func supervisorArguments(jobFolder: String) -> [String] {
        [jobFolder, workdir] + command
    }

    static let supervisorScript = """
        job=$1; shift
        exec </dev/null >>"$job/stdout.log" 2>>"$job/stderr.log"
        echo $$ >"$job/pid.tmp" && mv -f "$job/pid.tmp" "$job/pid"
        [ -e "$job/cancel" ] && exit 0
        cd "$1" && shift && "$@"
        code=$?
        echo "$code" >"$job/exit_code.tmp" && mv -f "$job/exit_code.tmp" "$job/exit_code"
        """
}
