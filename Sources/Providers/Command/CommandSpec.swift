import Crypto
import Foundation
import SweepCore

/// `provider: {kind: command, run: …}`: trials run as a program of the user's, one process per trial.
public struct CommandSpec: Sendable, Equatable {
    /// The command that trains one trial.
    public var run: CommandTemplate
    /// Extra environment variables, taken literally (the trial's values are in `FTSWEEP_*`).
    public var environment: [String: String]
    /// The folder the command runs in, relative to the spec's folder; the spec's folder when nil.
    public var workdir: String?
    /// Run the filled text with `/bin/sh -c` (pipes, `&&`, redirections) instead of as words.
    public var shell: Bool
    /// How long a cancelled trial gets between SIGTERM and SIGKILL.
    public var cancelGrace: Duration
    /// Where trials run: here, or as Slurm batch jobs.
    public var executor: CommandExecutor
    /// The command that serves one model over OpenAI's chat completions on `{port}`
    /// (`docs/trainer-contract.md`, "Serving"); nil when the trainer's models are not served.
    public var serve: CommandTemplate?
    /// How long a model server may take to answer `GET /v1/models`.
    public var serveTimeout: Duration

    public init(
        run: CommandTemplate, environment: [String: String] = [:], workdir: String? = nil, shell: Bool = false,
        cancelGrace: Duration = .seconds(10), executor: CommandExecutor = .local, serve: CommandTemplate? = nil,
        serveTimeout: Duration = .seconds(300)
    ) {
        self.serve = serve
        self.serveTimeout = serveTimeout
        self.run = run
        self.environment = environment
        self.workdir = workdir
        self.shell = shell
        self.cancelGrace = cancelGrace
        self.executor = executor
    }

    /// The provider's key: the trainer's command is part of a trial's identity, so two trainers
    /// swept over the same data and values never share results.
    public var key: String {
        let digest = SHA256.hash(data: Array("\(shell ? "sh" : "argv")\n\(run.text)".utf8))
        return "command:" + digest.prefix(6).hex
    }
}

/// Where a command provider's trials run. The executor is not part of a trial's identity: the same
/// trainer on the same data gives the same result on this machine or on a cluster.
public enum CommandExecutor: Sendable, Equatable {
    /// A process group on this machine.
    case local
    /// A Slurm batch job each (`sbatch`), with these options, in order.
    case slurm([SbatchOption])
}

/// One `sbatch` option from the spec's `sbatch:` mapping: `time: "00:10:00"` is `--time=00:10:00`.
public struct SbatchOption: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `--name=value`, with `_` in the name written as `-` (`cpus_per_task` → `--cpus-per-task`).
    public var argument: String { "--\(name.replacingOccurrences(of: "_", with: "-"))=\(value)" }
}
