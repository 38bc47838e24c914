import Foundation
import SweepCore

/// Runs each supervisor as a Slurm batch job. The job is named `ftsweep-<job id>` (a launcher that
/// died before recording the Slurm id finds it by name) and carries the trial key as its comment;
/// `squeue`, then `sacct -c` once Slurm has forgotten it, say how it is; `scancel` stops it. The job
/// folder must be on storage the nodes share: the supervisor writes its records there.
struct SlurmExecutor: TrialExecutor {
    let options: [SbatchOption]

    /// How long a job may go without a Slurm id before it counts as never submitted.
    static let submitTimeout = 60

    static func jobName(_ job: JobID) -> String { "ftsweep-\(job.rawValue)" }

    func start(_ invocation: CommandInvocation, folder: CommandJobFolder, job: JobSnapshot) async throws {
        let script = "\(folder.path)/slurm-job.sh"
        // The supervisor's script with its parameters set: the batch job's own shell supervises.
        let text =
            "#!/bin/sh\nset -- "
            + invocation.supervisorArguments(jobFolder: folder.path).map(CommandTemplate.shellQuoted).joined(
                separator: " ")
            + "\n" + CommandInvocation.supervisorScript + "\n"
        try JobFiles.writeAtomically(Data(text.utf8), to: script)
        let arguments =
            [
                "--parsable", "--job-name=\(Self.jobName(job.id))",
                "--comment=\(job.metadata["ftsweep_trial_key"] ?? job.id.rawValue)",
                "--chdir=\(invocation.workdir)", "--output=\(folder.path)/slurm.out",
                "--error=\(folder.path)/slurm.out",
            ] + options.map(\.argument) + [script]
        // sbatch exports the submitter's environment to the job: the trial's FTSWEEP_* variables.
        let result = try await Self.run("sbatch", arguments, environment: invocation.environment)
        let id =
            result.output.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard result.status == 0, Int(id) != nil else {
            throw ProviderError.unavailable(
                "sbatch refused the job: \(result.error.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        try JobFiles.writeAtomically(Data(id.utf8), to: Self.idFile(folder))
    }

    func state(of folder: CommandJobFolder, job: JobSnapshot) async -> ExecutorState {
        let id: String
        switch await slurmID(folder, job) {
        case .found(let found): id = found
        case .unknown: return .waiting
        case .absent:
            let late = JobFiles.now() - job.createdAt > Self.submitTimeout
            return late ? .ended("the job was never submitted to Slurm") : .waiting
        }
        let queue = try? await Self.run("squeue", ["--noheader", "--states=all", "--jobs=\(id)", "--format=%T"])
        var state =
            queue.flatMap { $0.status == 0 ? $0.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil } ?? ""
        if state.isEmpty {
            // Not in the controller any more (or never reached it): the completion log keeps every job.
            let done = try? await Self.run("sacct", ["-c", "--noheader", "--parsable2", "--format=State", "--jobs=\(id)"])
            state = done?.output.split(separator: "\n").last.map(String.init) ?? ""
        }
        if state.isEmpty {
            // An unreachable controller is not the end of a job: keep watching.
            guard queue?.error.contains("Invalid job id") == true else { return .running }
            return .ended("Slurm no longer knows job \(id), and it recorded no exit status")
        }
        switch state.split(separator: " ").first.map(String.init) ?? state {
        case "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING": return .waiting
        case "RUNNING", "COMPLETING", "SUSPENDED", "STAGE_OUT", "SIGNALING": return .running
        case let ended: return .ended("Slurm job \(id) ended \(ended) without recording the trainer's exit status")
        }
    }

    /// `scancel`: Slurm sends SIGTERM to every process of the job and SIGKILL after its KillWait.
    func stop(_ folder: CommandJobFolder, job: JobSnapshot, grace: Duration) async {
        guard case .found(let id) = await slurmID(folder, job) else { return }
        _ = try? await Self.run("scancel", [id])
        let deadline = ContinuousClock.now + grace + .seconds(30)
        while ContinuousClock.now < deadline {
            if case .ended = await state(of: folder, job: job) { return }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private static func idFile(_ folder: CommandJobFolder) -> String { "\(folder.path)/slurm_job_id" }

    /// What Slurm says of a job whose id may not have been recorded.
    private enum Lookup {
        case found(String)
        /// The controller answered and neither it nor the completion log has a job of this name.
        case absent
        /// The controller did not answer: nothing can be concluded, least of all that the job was never submitted.
        case unknown
    }

    /// The recorded Slurm id, else the id of the job with this job's name in the controller or, once
    /// the controller has forgotten it, in the completion log (recorded once found).
    private func slurmID(_ folder: CommandJobFolder, _ job: JobSnapshot) async -> Lookup {
        if let id = folder.number(at: Self.idFile(folder)) { return .found(String(id)) }
        let name = Self.jobName(job.id)
        guard let queued = try? await Self.run("squeue", ["--noheader", "--states=all", "--name=\(name)", "--format=%i"]),
            queued.status == 0
        else { return .unknown }
        var id = queued.output.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first {
            Int($0) != nil
        }
        if id == nil {
            // `sacct -c` ignores `--name` (the completion log is read whole), so the names are compared here.
            let logged = try? await Self.run("sacct", ["-c", "--noheader", "--parsable2", "--format=JobID,JobName"])
            id = Self.lastID(named: name, in: logged?.output ?? "")
        }
        guard let id else { return .absent }
        try? JobFiles.writeAtomically(Data(id.utf8), to: Self.idFile(folder))
        return .found(id)
    }

    /// The id on the last `id|name` line whose name is `name`.
    private static func lastID(named name: String, in lines: String) -> String? {
        for line in lines.split(separator: "\n").reversed() {
            let fields = line.split(separator: "|", maxSplits: 1)
            if fields.count == 2, fields[1] == name, Int(fields[0]) != nil { return String(fields[0]) }
        }
        return nil
    }

    /// Runs a Slurm command from PATH and waits for it on a thread of its own, not the cooperative pool's.
    private static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) async throws
        -> (status: Int32, output: String, error: String)
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(tool, arguments, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ tool: String, _ arguments: [String], environment: [String: String]?) throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Slurm's answers are a few lines: reading one pipe to its end cannot block the other.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
