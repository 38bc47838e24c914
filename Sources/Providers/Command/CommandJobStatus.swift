import Foundation

/// A command job's state, read from its files and, while they do not settle it, its executor. The
/// supervisor's exit record wins; a supervisor that ended without one was killed, which is a cancel
/// when one was asked for.
struct CommandJobStatus {
    let folder: CommandJobFolder
    let stored: StoredCommandJob
    /// Asked only for a job without an exit record: for Slurm it is a call to the controller.
    let executor: @Sendable () async -> ExecutorState

    /// The job as its files alone settle it (a failure or exit record), without asking the executor.
    var settled: JobSnapshot? {
        if let failure = folder.text(at: folder.failure) {
            return ended(.failed, JobError(code: "bad_trainer_output", message: failure), at: folder.failure)
        }
        let cancelRequested = FileManager.default.fileExists(atPath: folder.cancelMarker)
        if let exitStatus = folder.number(at: folder.exitCode) { return exited(exitStatus, cancelRequested: cancelRequested) }
        return cancelRequested && FileManager.default.fileExists(atPath: folder.stopped)
            ? ended(.cancelled, at: folder.cancelMarker) : nil
    }

    func snapshot() async -> JobSnapshot {
        if let settled { return settled }
        let state = await executor()
        // Read again: a supervisor records the exit status just before it ends.
        if let settled { return settled }
        let cancelRequested = FileManager.default.fileExists(atPath: folder.cancelMarker)
        if cancelRequested && state != .running { return ended(.cancelled, at: folder.cancelMarker) }
        switch state {
        case .waiting: return stored.job
        case .running:
            var job = stored.job
            job.status = .running
            return job
        case .ended(let how): return ended(.failed, JobError(code: "trainer_stopped", message: how), at: folder.pid)
        }
    }

    private func exited(_ exitStatus: Int32, cancelRequested: Bool) -> JobSnapshot {
        if exitStatus == 0 { return succeeded() }
        if cancelRequested { return ended(.cancelled, at: folder.cancelMarker) }
        let tail = folder.stderrTail()
        let message =
            "the trainer exited with status \(exitStatus)"
            + (tail.isEmpty ? " and wrote nothing to standard error" : "; standard error ends:\n\(tail)")
        return ended(.failed, JobError(code: "trainer_failed", message: message), at: folder.exitCode)
    }

    /// A trainer that exited 0: its model from `model.json` (else its run directory) and its result CSV when it wrote one.
    private func succeeded() -> JobSnapshot {
        let model: TrainerModel?
        do { model = try TrainerModel.read(folder.modelFile) } catch {
            return ended(.failed, JobError(code: "bad_trainer_output", message: "\(error)"), at: folder.modelFile)
        }
        var job = ended(.succeeded, at: folder.exitCode)
        job.fineTunedModel = model?.model ?? folder.runDirectory
        if FileManager.default.fileExists(atPath: folder.resultCSV) {
            job.resultFiles = [CommandJobFolder.resultFileID(job.id)]
        }
        return job
    }

    private func ended(_ status: JobStatus, _ error: JobError? = nil, at file: String) -> JobSnapshot {
        var job = stored.job
        job.status = status
        job.error = error
        job.finishedAt = folder.modified(file) ?? JobFiles.now()
        return job
    }
}
