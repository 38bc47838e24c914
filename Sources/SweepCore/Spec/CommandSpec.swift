import Crypto

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

    public init(run: CommandTemplate, environment: [String: String] = [:], workdir: String? = nil, shell: Bool = false,
                cancelGrace: Duration = .seconds(10)) {
        self.run = run
        self.environment = environment
        self.workdir = workdir
        self.shell = shell
        self.cancelGrace = cancelGrace
    }

    /// The provider's key: the trainer's command is part of a trial's identity, so two trainers
    /// swept over the same data and values never share results.
    public var key: String {
        let digest = SHA256.hash(data: Array("\(shell ? "sh" : "argv")\n\(run.text)".utf8))
        return "command:" + digest.prefix(6).hex
    }
}
