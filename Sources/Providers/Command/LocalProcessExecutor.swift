import Foundation

/// Runs supervisors on this machine, each the leader of its own process group.
struct LocalProcessExecutor: TrialExecutor {
    /// How long a job may go without its supervisor reporting its pid before it counts as never started.
    static let startTimeout = 60

    func start(_ invocation: CommandInvocation, folder: CommandJobFolder, job: JobSnapshot) async throws {
        _ = try ProcessGroup.spawn(invocation.supervisor(jobFolder: folder.path), environment: invocation.environment)
    }

    func state(of folder: CommandJobFolder, job: JobSnapshot) async -> ExecutorState {
        guard let pid = folder.number(at: folder.pid) else {
            let late = JobFiles.now() - job.createdAt > Self.startTimeout
            return late ? .ended("the trainer's supervisor never started") : .waiting
        }
        if ProcessGroup(leader: pid).leaderIsRunning { return .running }
        return .ended("the trainer's supervisor (pid \(pid)) ended without recording an exit status: it was killed")
    }

    func stop(_ folder: CommandJobFolder, job: JobSnapshot, grace: Duration) async {
        guard let pid = folder.number(at: folder.pid) else { return }
        await ProcessGroup(leader: pid).terminate(grace: grace)
    }
}
