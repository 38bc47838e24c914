import Foundation
import LocalTrainer
import SweepCore

/// The built-in provider: trains local models in this process, keeping every job's state in files
/// under `root` (the ledger's folder), so other processes can watch, collect and cancel.
public struct LocalProvider: FineTuningProvider {
    public let root: String
    /// Jobs succeed at once with one step of metrics and no weights (`serve --instant-jobs`), so a
    /// benchmark of a client measures the client, not training.
    public var finishesJobsAtOnce: Bool
    /// Limits the jobs this process trains at once (`serve --max-running`); nil: no limit.
    public var runSlots: RunSlots?
    /// Whether this process takes over jobs whose process stopped before they ended, resuming each
    /// from its last training state when it reads it: set in processes that stay until their jobs
    /// end (the server, a launch, `collect --watch`). Others report such a job as it was left.
    public var resumesStoppedJobs = false
    public var key: String { "local" }
    private let loaded = LoadedModels()

    public init(root: String, finishesJobsAtOnce: Bool = false) {
        self.root = root
        self.finishesJobsAtOnce = finishesJobsAtOnce
    }

    /// The provider whose jobs and models live in `local/` beside the ledger, where every command looks.
    public static func beside(ledgerPath: String) -> LocalProvider {
        let folder = (ledgerPath as NSString).deletingLastPathComponent
        return LocalProvider(root: (folder.isEmpty ? "." : folder) + "/local")
    }

    var filesFolder: String { "\(root)/files" }
    var jobsFolder: String { "\(root)/jobs" }
    var modelsFolder: String { "\(root)/models" }

    func jobFiles(_ id: JobID) -> LocalJobFiles { LocalJobFiles(folder: "\(jobsFolder)/\(id.rawValue)") }

    /// The file a model id is saved in.
    public func modelPath(_ model: String) -> String {
        "\(modelsFolder)/\(model.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: "/", with: "%2F")).ftlm"
    }

    /// Loads a base model (fresh weights from the seed, shaped by the job's local knobs; `idf` counts
    /// over `trainingFile`) or a saved fine-tune, which keeps the shape it was trained with.
    public func loadModel(_ name: String, seed: UInt64 = 0, settings: LocalSettings = LocalSettings(), trainingFile: String? = nil) throws -> LocalModel {
        if let base = LocalBaseModel.named(name) { return try settings.fresh(base, seed: seed, trainingFile: trainingFile) }
        guard FileManager.default.fileExists(atPath: modelPath(name)) else {
            throw ProviderError.invalidRequest("model '\(name)' does not exist; the local provider offers \(availableModels().joined(separator: ", "))")
        }
        guard !settings.shapesTheModel else {
            let names = LocalHyperparameter.shaping.map(\.name).joined(separator: ", ")
            throw ProviderError.invalidRequest("\(names) shape a fresh base model; '\(name)' is a fine-tune and keeps its own shape")
        }
        return try ModelFile.load(modelPath(name))
    }

    public func upload(path: String, digest: String) async throws -> RemoteFileID {
        try DataFileStore(folder: filesFolder).store(path: path, digest: digest)
    }

    public func fileExists(_ id: RemoteFileID) async throws -> Bool {
        DataFileStore(folder: filesFolder).contains(id)
    }

    public func createJob(_ request: JobRequest) async throws -> JobSnapshot {
        let trainingPath = "\(filesFolder)/\(request.trainingFile.rawValue).jsonl"
        guard FileManager.default.fileExists(atPath: trainingPath) else { throw ProviderError.notFound(what: "file", id: request.trainingFile.rawValue) }
        let validationPath = request.validationFile.map { "\(filesFolder)/\($0.rawValue).jsonl" }
        let settings: LocalSettings
        do { settings = try LocalSettings(request.hyperparameters) } catch { throw ProviderError.invalidRequest(error.description) }
        // A base model's fresh weights are made when the job trains, on its own thread; a fine-tune is read now, so a damaged one
        // (or one asked to change its shape) is refused.
        if LocalBaseModel.named(request.model) == nil { _ = try loadModel(request.model, settings: settings) }
        let id = JobID("ftjob-" + Self.randomID(24))
        let files = jobFiles(id)
        try FileManager.default.createDirectory(atPath: files.folder, withIntermediateDirectories: true)
        let snapshot = JobSnapshot(
            id: id, status: .validatingFiles, model: request.model, fineTunedModel: nil, trainedTokens: nil,
            hyperparameters: request.hyperparameters, resultFiles: [], error: nil, createdAt: Self.now(), finishedAt: nil,
            metadata: request.metadata, seed: request.seed)
        let stored = StoredJob(
            job: snapshot, trainingFile: trainingPath, validationFile: validationPath, suffix: request.suffix,
            ownerPid: ProcessInfo.processInfo.processIdentifier)
        let job = LocalJobRunner(provider: self, files: files, stored: stored, settings: settings)
        JobOwnership.begin(id)
        do { try job.begin(request) } catch {
            JobOwnership.end(id)
            throw error
        }
        Thread.detachNewThread { job.run() }
        return snapshot
    }

    public func job(_ id: JobID) async throws -> JobSnapshot {
        try current(jobFiles(id)).job
    }

    /// A job's files as readers see them, in one read. A job whose process stopped is not failed:
    /// the next process that owns the folder resumes it. One whose cancel was asked for is
    /// cancelled (an owner records it so).
    private func current(_ files: LocalJobFiles) throws -> StoredJob {
        var stored = try files.readSnapshot()
        guard JobOwnership.hasStopped(stored) else { return stored }
        if resumesStoppedJobs, let claimed = try takeOver(files) { stored = claimed }
        if FileManager.default.fileExists(atPath: files.cancelMarker) { stored.job.status = .cancelled }
        return stored
    }

    /// Takes over every job whose process stopped before it ended, resuming each in this process
    /// (at the server's start). Returns the jobs taken over.
    @discardableResult
    public func resumeStoppedJobs() -> [JobID] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder)) ?? []
        return names.sorted().compactMap { name in
            let files = jobFiles(JobID(name))
            guard let stored = try? files.readSnapshot(), JobOwnership.hasStopped(stored), (try? takeOver(files)) != nil else { return nil }
            return stored.job.id
        }
    }

    /// Claims a stopped job and trains it on from its last state on a thread of its own; nil when
    /// another process claimed it first.
    private func takeOver(_ files: LocalJobFiles) throws -> StoredJob? {
        guard let claimed = try JobOwnership.claim(files) else { return nil }
        let runner = LocalJobRunner.takingOver(claimed, files: files, provider: self)
        Thread.detachNewThread { runner.run() }
        return claimed
    }

    public func jobs(metadata: [String: String]) async throws -> [JobSnapshot] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder)) ?? []
        var found: [JobSnapshot] = []
        for name in names.sorted() {
            guard let job = try? await job(JobID(name)) else { continue }
            if metadata.allSatisfy({ job.metadata[$0.key] == $0.value }) { found.append(job) }
        }
        return found
    }

    public func events(_ id: JobID, after: String?) async throws -> [JobEvent] {
        let events = jobFiles(id).readEvents()
        guard let after else { return events }
        return events.filter { $0.id > after }
    }

    public func checkpoints(_ id: JobID) async throws -> [JobCheckpoint] {
        jobFiles(id).readCheckpoints()
    }

    public func resultFile(_ id: RemoteFileID) async throws -> [UInt8] {
        let job = id.rawValue.replacingOccurrences(of: "file-result-", with: "")
        guard let data = FileManager.default.contents(atPath: jobFiles(JobID(job)).resultCSV) else {
            throw ProviderError.notFound(what: "file", id: id.rawValue)
        }
        return [UInt8](data)
    }

    public func cancel(_ id: JobID) async throws -> JobSnapshot {
        let files = jobFiles(id)
        let snapshot = try await job(id)
        guard !snapshot.status.isTerminal else { return snapshot }
        _ = FileManager.default.createFile(atPath: files.cancelMarker, contents: nil)
        // A job trained by this process stops at its next step; wait for that, so that a process
        // that exits right after cancelling never leaves the job's files saying it still runs.
        // Detached, so an interrupted launch (a cancelled task) still waits.
        guard try files.readSnapshot().ownerPid == ProcessInfo.processInfo.processIdentifier else { return snapshot }
        return try await Task.detached { [self] in
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            while clock.now < deadline {
                let current = try await job(id)
                if current.status.isTerminal { return current }
                try await Task.sleep(for: .milliseconds(5))
            }
            return try await job(id)
        }.value
    }

    /// Base models and saved fine-tunes (checkpoints included), without suspending.
    public func availableModels() -> [String] {
        let saved = ((try? FileManager.default.contentsOfDirectory(atPath: modelsFolder)) ?? [])
            .filter { $0.hasSuffix(".ftlm") }
            .map { String($0.dropLast(5)).removingPercentEncoding ?? String($0.dropLast(5)) }
        return LocalBaseModel.all.map(\.name) + saved.sorted()
    }

    public func models() async throws -> [String] { availableModels() }

    public func modelsKnownOffline() async throws -> [String]? { availableModels() }

    /// Pauses a running job between steps (OpenAI's `pause`); it keeps its place.
    public func pause(_ id: JobID) async throws -> JobSnapshot {
        let snapshot = try await job(id)
        guard !snapshot.status.isTerminal else { throw ProviderError.invalidRequest("job \(id) has ended (\(snapshot.status)) and cannot be paused") }
        _ = FileManager.default.createFile(atPath: jobFiles(id).pauseMarker, contents: nil)
        return snapshot
    }

    /// Resumes a paused job.
    public func resume(_ id: JobID) async throws -> JobSnapshot {
        let snapshot = try await job(id)
        guard !snapshot.status.isTerminal else { throw ProviderError.invalidRequest("job \(id) has ended (\(snapshot.status)) and cannot be resumed") }
        try? FileManager.default.removeItem(atPath: jobFiles(id).pauseMarker)
        return snapshot
    }

    public func complete(model: String, messages: [ChatMessage]) async throws -> String {
        try loaded.model(model) { try loadModel(model) }.reply(to: messages.map { ($0.role, $0.content) })
    }

    static func randomID(_ length: Int) -> String { JobFiles.randomID(length) }

    static func now() -> Int { JobFiles.now() }
}

/// What the local server needs of a stored job beyond its snapshot.
public struct LocalJobRecord: Sendable {
    public var job: JobSnapshot
    public var trainingFile: RemoteFileID
    public var validationFile: RemoteFileID?
    public var suffix: String?
}

/// An uploaded file's metadata, as the files API reports it.
public struct LocalFileInfo: Sendable, Codable, Equatable {
    public var id: String
    public var bytes: Int
    public var createdAt: Int
    public var filename: String
    public var purpose: String

    public init(id: String, bytes: Int, createdAt: Int, filename: String, purpose: String) {
        self.id = id
        self.bytes = bytes
        self.createdAt = createdAt
        self.filename = filename
        self.purpose = purpose
    }
}

extension LocalProvider {
    /// A job with the file ids and suffix it was created with.
    public func record(_ id: JobID) async throws -> LocalJobRecord {
        let stored = try current(jobFiles(id))
        func fileID(_ path: String) -> RemoteFileID { RemoteFileID(((path as NSString).lastPathComponent as NSString).deletingPathExtension) }
        return LocalJobRecord(
            job: stored.job, trainingFile: fileID(stored.trainingFile), validationFile: stored.validationFile.map(fileID),
            suffix: stored.suffix)
    }

    /// Every job, newest first (ties by id), as the API lists them.
    public func allJobs() async throws -> [LocalJobRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder)) ?? []
        var records: [LocalJobRecord] = []
        for name in names { if let record = try? await record(JobID(name)) { records.append(record) } }
        return records.sorted { ($0.job.createdAt, $0.job.id.rawValue) > ($1.job.createdAt, $1.job.id.rawValue) }
    }

    public func saveFileInfo(_ info: LocalFileInfo) throws {
        try FileManager.default.createDirectory(atPath: filesFolder, withIntermediateDirectories: true)
        try LocalJobFiles.writeAtomically(try LocalJobFiles.encoder.encode(info), to: "\(filesFolder)/\(info.id).json")
    }

    public func fileInfo(_ id: RemoteFileID) -> LocalFileInfo? {
        FileManager.default.contents(atPath: "\(filesFolder)/\(id.rawValue).json").flatMap { try? LocalJobFiles.decoder().decode(LocalFileInfo.self, from: $0) }
    }

    public func fileInfos() -> [LocalFileInfo] {
        ((try? FileManager.default.contentsOfDirectory(atPath: filesFolder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            .compactMap { fileInfo(RemoteFileID(String($0.dropLast(5)))) }
    }

    /// The bytes of an uploaded file.
    public func fileContents(_ id: RemoteFileID) -> [UInt8]? {
        FileManager.default.contents(atPath: "\(filesFolder)/\(id.rawValue).jsonl").map { [UInt8]($0) }
    }

    public func deleteFile(_ id: RemoteFileID) -> Bool {
        let removed = (try? FileManager.default.removeItem(atPath: "\(filesFolder)/\(id.rawValue).jsonl")) != nil
        try? FileManager.default.removeItem(atPath: "\(filesFolder)/\(id.rawValue).json")
        return removed
    }

    public func deleteModel(_ name: String) -> Bool {
        LocalBaseModel.named(name) == nil && (try? FileManager.default.removeItem(atPath: modelPath(name))) != nil
    }
}

extension LocalProvider {
    /// The result CSV of a finished job.
    public func resultFileBytes(_ job: JobID) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: jobFiles(job).resultCSV) else {
            throw ProviderError.notFound(what: "result file", id: job.rawValue)
        }
        return [UInt8](data)
    }
}
