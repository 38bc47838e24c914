import Foundation

/// A command job's state, read from its files. The supervisor's exit record wins over liveness; a
/// supervisor that ended without one was killed, which is a cancel when one was asked for.
struct CommandJobStatus {
    let folder: CommandJobFolder
    let stored: StoredCommandJob

    var snapshot: JobSnapshot {
        let job = stored.job
        let cancelRequested = FileManager.default.fileExists(atPath: folder.cancelMarker)
        let pid = folder.number(at: folder.pid)
        let running = pid.map { ProcessGroup(leader: $0).leaderIsRunning } ?? false
        // Read after the liveness check: a supervisor records the exit status before it ends.
        let exitStatus = folder.number(at: folder.exitCode)
        if let failure = folder.text(at: folder.failure) {
            return ended(.failed, JobError(code: "bad_trainer_output", message: failure), at: folder.failure)
        }
        if let exitStatus {
            if exitStatus == 0 { return succeeded() }
            if cancelRequested { return ended(.cancelled, at: folder.cancelMarker) }
            let tail = folder.stderrTail()
            let message = "the trainer exited with status \(exitStatus)" + (tail.isEmpty ? " and wrote nothing to standard error" : "; standard error ends:\n\(tail)")
            return ended(.failed, JobError(code: "trainer_failed", message: message), at: folder.exitCode)
        }
        if running {
            var job = job
            job.status = .running
            return job
        }
        if cancelRequested { return ended(.cancelled, at: folder.cancelMarker) }
        if let pid {
            return ended(.failed, JobError(code: "trainer_stopped", message: "the trainer's supervisor (pid \(pid)) ended without recording an exit status: it was killed"), at: folder.pid)
        }
        if LocalProvider.now() - job.createdAt > CommandJobFolder.startTimeout {
            return ended(.failed, JobError(code: "trainer_not_started", message: "the trainer's supervisor never started"), at: folder.stored)
        }
        return job
    }

    /// A trainer that exited 0: its model from `model.json` (else its run directory) and its result CSV when it wrote one.
    private func succeeded() -> JobSnapshot {
        let model: TrainerModel?
        do { model = try TrainerModel.read(folder.modelFile) } catch {
            return ended(.failed, JobError(code: "bad_trainer_output", message: "\(error)"), at: folder.modelFile)
        }
        var job = ended(.succeeded, at: folder.exitCode)
        job.fineTunedModel = model?.model ?? folder.runDirectory
        if FileManager.default.fileExists(atPath: folder.resultCSV) { job.resultFiles = [CommandJobFolder.resultFileID(job.id)] }
        return job
    }

    private func ended(_ status: JobStatus, _ error: JobError? = nil, at file: String) -> JobSnapshot {
        var job = stored.job
        job.status = status
        job.error = error
        job.finishedAt = folder.modified(file) ?? LocalProvider.now()
        return job
    }
}
