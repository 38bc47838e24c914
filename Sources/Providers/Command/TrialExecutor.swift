import SweepCore

/// Where a command job's supervisor runs: a process group on this machine, or a Slurm batch job.
/// Either way the job's folder is shared, so the supervisor's records (`pid`, `exit_code`) and the
/// trainer's output are read the same way; an executor only starts, watches and stops.
protocol TrialExecutor: Sendable {
    /// Starts the job's supervisor and returns at once; the job must outlive this process.
    func start(_ invocation: CommandInvocation, folder: CommandJobFolder, job: JobSnapshot) async throws
    /// Whether the supervisor is yet to run, running, or ended. Async: on Slurm it waits for `squeue`
    /// and `sacct`, which must not hold a thread of the cooperative pool.
    func state(of folder: CommandJobFolder, job: JobSnapshot) async -> ExecutorState
    /// Stops the supervisor and the trainer: SIGTERM, SIGKILL after `grace`; returns once they are gone.
    func stop(_ folder: CommandJobFolder, job: JobSnapshot, grace: Duration) async
}

/// What an executor knows of a job's supervisor.
enum ExecutorState: Equatable {
    case waiting
    case running
    /// Ended; says how, for a supervisor that ended without recording the trainer's exit status.
    case ended(String)
}

extension CommandExecutor {
    /// The executor that runs this kind of job.
    var executor: any TrialExecutor {
        switch self {
        case .local: LocalProcessExecutor()
        case .slurm(let options): SlurmExecutor(options: options)
        }
    }
}
