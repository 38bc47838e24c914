import Foundation
import SweepCore

/// Runs each trial as the user's own trainer command (`provider: {kind: command, run: …}`), one
/// process group per job. Job state lives in files under `root` (beside the ledger), so jobs outlive
/// the launcher and `collect`, `cancel` and a resumed launch in other processes see them.
/// The trainer reports through its run directory (`docs/trainer-contract.md`).
public struct CommandProvider: FineTuningProvider {
    public let spec: CommandSpec
    public let root: String
    /// The folder trainers run in (the spec's `workdir`, resolved).
    public let workdir: String
    public var key: String { spec.key }
    /// The model servers of the command that asks this provider's models questions.
    public let servers: ModelServers

    /// Relative folders are taken from the current directory: the supervisor runs elsewhere.
    public init(spec: CommandSpec, root: String, workdir: String, servers: ModelServers = ModelServers()) {
        self.spec = spec
        self.servers = servers
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.workdir = URL(fileURLWithPath: workdir).standardizedFileURL.path
    }

    /// The provider whose jobs live in `command-runs/` beside the ledger; `workdir` resolves
    /// against the spec's folder.
    public static func beside(
        ledgerPath: String, spec: CommandSpec, specFolder: String, servers: ModelServers = ModelServers()
    ) -> CommandProvider {
        let folder = (ledgerPath as NSString).deletingLastPathComponent
        let workdir = spec.workdir.map { $0.hasPrefix("/") ? $0 : "\(specFolder)/\($0)" } ?? specFolder
        return CommandProvider(
            spec: spec, root: (folder.isEmpty ? "." : folder) + "/command-runs", workdir: workdir, servers: servers)
    }

    var files: DataFileStore { DataFileStore(folder: "\(root)/files") }
    var executor: any TrialExecutor { spec.executor.executor }

    func folder(_ id: JobID) -> CommandJobFolder { CommandJobFolder(path: "\(root)/\(id.rawValue)") }

    /// `{run_dir}` of a job: where its trainer writes metrics, models and checkpoints.
    public func runDirectory(of id: JobID) -> String { folder(id).runDirectory }

    public func upload(path: String, digest: String) async throws -> RemoteFileID {
        try files.store(path: path, digest: digest)
    }

    public func fileExists(_ id: RemoteFileID) async throws -> Bool { files.contains(id) }

    public func deleteFile(_ id: RemoteFileID) async throws -> Bool { files.remove(id) }

    /// Writes the job, starts its supervisor and returns at once, `queued` until the supervisor reports in.
    public func createJob(_ request: JobRequest) async throws -> JobSnapshot {
        guard files.contains(request.trainingFile) else {
            throw ProviderError.notFound(what: "file", id: request.trainingFile.rawValue)
        }
        let id = JobID("ftjob-cmd-" + JobFiles.randomID(20))
        let folder = folder(id)
        try FileManager.default.createDirectory(atPath: folder.runDirectory, withIntermediateDirectories: true)
        try Data(CommandInvocation.parameterFile(request).utf8).write(to: URL(fileURLWithPath: "\(folder.runDirectory)/params.json"))
        let values = CommandInvocation.values(
            model: request.model, hyperparameters: request.hyperparameters, seed: String(request.seed), metadata: request.metadata,
            suffix: request.suffix, trainingFile: files.path(of: request.trainingFile),
            validationFile: request.validationFile.map(files.path(of:)), runDirectory: folder.runDirectory)
        let invocation = CommandInvocation(
            spec: spec, values: values, workdir: workdir, inherited: ProcessInfo.processInfo.environment)
        let snapshot = JobSnapshot(
            id: id, status: .queued, model: request.model, fineTunedModel: nil, trainedTokens: nil,
            hyperparameters: request.hyperparameters, resultFiles: [], error: nil, createdAt: JobFiles.now(),
            finishedAt: nil,
            metadata: request.metadata, seed: request.seed)
        try folder.write(StoredCommandJob(job: snapshot, arguments: invocation.command, workdir: workdir))
        do {
            try await executor.start(invocation, folder: folder, job: snapshot)
        } catch {
            folder.recordFailure("\(error)")
            throw error
        }
        return snapshot
    }

    public func job(_ id: JobID) async throws -> JobSnapshot {
        await status(folder(id), try folder(id).readStored()).snapshot()
    }

    func status(_ folder: CommandJobFolder, _ stored: StoredCommandJob) -> CommandJobStatus {
        let executor = executor
        return CommandJobStatus(folder: folder, stored: stored) { await executor.state(of: folder, job: stored.job) }
    }

    public func jobs(metadata: [String: String]) async throws -> [JobSnapshot] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var found: [JobSnapshot] = []
        for name in names.sorted() where name.hasPrefix("ftjob-") {
            // The stored metadata first: only a matching job is worth asking its executor about (squeue on Slurm).
            let folder = folder(JobID(name))
            guard let stored = try? folder.readStored(), metadata.allSatisfy({ stored.job.metadata[$0.key] == $0.value }) else { continue }
            found.append(await status(folder, stored).snapshot())
        }
        return found
    }

    /// Marks the job cancelled, then stops the trainer and everything it started: SIGTERM, and
    /// SIGKILL for what is left after the spec's grace period. Returns the job as it ends.
    public func cancel(_ id: JobID) async throws -> JobSnapshot {
        let folder = folder(id)
        let snapshot = try await job(id)
        guard !snapshot.status.isTerminal else { return snapshot }
        _ = FileManager.default.createFile(atPath: folder.cancelMarker, contents: nil)
        await executor.stop(folder, job: snapshot, grace: spec.cancelGrace)
        if folder.number(at: folder.exitCode) == nil, await executor.state(of: folder, job: snapshot) != .running {
            try? JobFiles.writeAtomically(Data(), to: folder.stopped)
        }
        return try await job(id)
    }

    public func models() async throws -> [String] { [] }
}
