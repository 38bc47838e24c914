import Foundation
import LocalTrainer
import SweepCore

/// Trains one local job on its own thread, writing status, events, checkpoints and the result file
/// as OpenAI's API reports them (the same texts and metric names), and the training state after each
/// epoch, from which a job whose process stopped is resumed.
final class LocalJobRunner: @unchecked Sendable {
    // @unchecked Sendable: created by `createJob` or a take-over, then used only by the one thread that runs it.
    private let provider: LocalProvider
    private let files: LocalJobFiles
    private var stored: StoredJob
    /// The local trainer's own knobs the job asked for (checked when it was created).
    private let settings: LocalSettings
    /// The base model the job trains from, once known.
    private var startBase: LocalBaseModel?
    private var eventCount = 0
    private var steps: [StepMetrics] = []
    private var checkpoints: [JobCheckpoint] = []
    private var trainedTokens = 0
    private var tokensPerEpoch = 0
    /// What a job taken over continues from: nil for a new job, or one stopped before its first epoch ended.
    private var saved: TrainingState?
    /// The event that says training began: started, resumed, or restarted from the beginning.
    private var startMessage = "Fine-tuning job started"
    private var validated = false
    /// How many epoch checkpoints the API keeps.
    static let keptCheckpoints = 3

    init(provider: LocalProvider, files: LocalJobFiles, stored: StoredJob, settings: LocalSettings) {
        self.provider = provider
        self.files = files
        self.stored = stored
        self.settings = settings
    }

    /// Records the created job, before `createJob` returns.
    func begin(_ request: JobRequest) throws {
        try save()
        emit("Created fine-tuning job: \(stored.job.id)")
        let validation = request.validationFile.map { " and validation file: \($0)" } ?? ""
        emit("Validating training file: \(request.trainingFile)\(validation)")
    }

    /// A runner for a job whose process stopped (claimed by this one): it goes on from the last
    /// training state, keeping the events, metrics and checkpoints up to it.
    static func takingOver(_ stored: StoredJob, files: LocalJobFiles, provider: LocalProvider) -> LocalJobRunner {
        let runner = LocalJobRunner(
            provider: provider, files: files, stored: stored, settings: (try? LocalSettings(stored.job.hyperparameters)) ?? LocalSettings())
        files.dropPartialEvent()
        let events = files.readEvents()
        runner.eventCount = events.compactMap { Int($0.id.suffix(6)) }.max() ?? 0
        runner.validated = events.contains { $0.message.hasPrefix("Files validated") }
        do {
            let saved = try TrainingStateFile.load(files.trainingState)
            runner.saved = saved
            runner.startMessage = "Fine-tuning job resumed from checkpoint at step \(saved.step)"
        } catch {
            if events.contains(where: { $0.type == "metrics" }) {
                runner.startMessage = "Fine-tuning job restarted from the beginning: its process stopped before the first checkpoint"
            }
        }
        runner.keepProgress(upTo: runner.saved?.step ?? 0, events: events)
        return runner
    }

    /// Keeps the metrics and checkpoints of the steps up to `step`; later ones are trained again.
    private func keepProgress(upTo step: Int, events: [JobEvent]) {
        var metrics: [Int: StepMetrics] = [:]
        for event in events where event.type == "metrics" {
            if let data = event.data, let row = Self.metrics(data), row.step <= step { metrics[row.step] = row }
        }
        steps = metrics.keys.sorted().compactMap { metrics[$0] }
        checkpoints = files.readCheckpoints().filter { $0.step <= step }
    }

    /// OpenAI refuses training files with fewer examples than this.
    static let minimumExamples = 10

    func run() {
        defer {
            // An ended job needs no state to resume from, and is no longer this process's to train.
            try? FileManager.default.removeItem(atPath: files.trainingState)
            JobOwnership.end(stored.job.id)
        }
        do {
            if FileManager.default.fileExists(atPath: files.cancelMarker) { throw TrainerError.cancelled }
            let examples = Self.nonBlankLines(FileManager.default.contents(atPath: stored.trainingFile) ?? Data())
            guard examples >= Self.minimumExamples else {
                throw JobFailure(code: "invalid_n_examples", param: "training_file",
                                 message: "Training file has \(examples) example(s), but must have at least \(Self.minimumExamples) examples")
            }
            if !validated { emit("Files validated, moving job to queued state") }
            try setStatus(.queued)
            if let slots = provider.runSlots {
                guard slots.acquire(unless: { FileManager.default.fileExists(atPath: files.cancelMarker) }) else { throw TrainerError.cancelled }
            }
            defer { provider.runSlots?.release() }
            let request = TrainingRequest(
                trainingFile: stored.trainingFile, validationFile: stored.validationFile,
                nEpochs: stored.job.hyperparameters["n_epochs"] ?? .auto, batchSize: stored.job.hyperparameters["batch_size"] ?? .auto,
                learningRateMultiplier: stored.job.hyperparameters["learning_rate_multiplier"] ?? .auto,
                seed: UInt64(stored.job.seed ?? 0), settings: settings)
            // An instant job makes no weights: its base model is known by name, or from the fine-tune's file.
            let start = provider.finishesJobsAtOnce ? nil : try provider.loadModel(
                stored.job.model, seed: UInt64(stored.job.seed ?? 0), settings: settings, trainingFile: stored.trainingFile)
            let base = try start?.base ?? LocalBaseModel.named(stored.job.model) ?? provider.loadModel(stored.job.model).base
            startBase = base
            let modelName = stored.modelName ?? "ft:\(base.name):local:\(stored.suffix ?? ""):\(LocalProvider.randomID(8))"
            stored.modelName = modelName
            if let start {
                let trained = try train(request, from: start, modelName: modelName)
                try ModelFile.save(trained.named(modelName), to: provider.modelPath(modelName))
            } else {
                recordInstantStep()
            }
            try LocalJobFiles.writeAtomically(Data(ResultCSV.render(steps).utf8), to: files.resultCSV)
            emit("New fine-tuned model created: \(modelName)")
            emit("The job has successfully completed")
            stored.job.fineTunedModel = modelName
            stored.job.trainedTokens = trainedTokens
            stored.job.resultFiles = [RemoteFileID("file-result-\(stored.job.id)")]
            stored.job.finishedAt = LocalProvider.now()
            try setStatus(.succeeded)
        } catch let failure as JobFailure {
            emit("Fine-tuning job failed: \(failure.message)", level: "error")
            stored.job.error = JobError(code: failure.code, message: failure.message, param: failure.param)
            stored.job.finishedAt = LocalProvider.now()
            try? setStatus(.failed)
        } catch TrainerError.cancelled {
            emit("Fine-tuning job cancelled")
            stored.job.finishedAt = LocalProvider.now()
            try? setStatus(.cancelled)
        } catch {
            let code = (error as? TrainerError).map { error -> String in
                if case .invalidExample = error { return "invalid_training_file" }
                if case .noExamples = error { return "invalid_n_examples" }
                return "training_failed"
            } ?? "training_failed"
            emit("Fine-tuning job failed: \(error)", level: "error")
            stored.job.error = JobError(code: code, message: "\(error)")
            stored.job.finishedAt = LocalProvider.now()
            try? setStatus(.failed)
        }
    }

    /// Trains from the saved state when there is one; a state that cannot continue this job is
    /// dropped and the job trains again from the beginning.
    private func train(_ request: TrainingRequest, from start: LocalModel, modelName: String) throws -> LocalModel {
        do {
            return try Trainer().train(request, from: start, resumingFrom: saved, isCancelled: { shouldStop() }) { progress in
                handle(progress, modelName: modelName)
            }
        } catch let unusable as UnusableTrainingState where saved != nil {
            saved = nil
            startMessage = "Fine-tuning job restarted from the beginning: \(unusable)"
            keepProgress(upTo: 0, events: [])
            return try train(request, from: start, modelName: modelName)
        }
    }

    /// Lines with more than blanks: the examples OpenAI counts (a byte scan, as this runs for every job).
    static func nonBlankLines(_ data: Data) -> Int {
        data.withUnsafeBytes { bytes in
            var count = 0
            var blank = true
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    if !blank { count += 1 }
                    blank = true
                } else if byte != 0x20 && byte != 0x0D {
                    blank = false
                }
            }
            return blank ? count : count + 1
        }
    }

    /// The one step an instant job reports: a loss that differs by seed, so runs still rank.
    private func recordInstantStep() {
        let loss = 0.5 + Double((stored.job.seed ?? 0) % 1000) / 10_000
        let metrics = StepMetrics(step: 1, totalSteps: 1, trainLoss: loss, trainAccuracy: 0.8, validLoss: loss,
                                  validAccuracy: 0.8, fullValidLoss: loss, fullValidAccuracy: 0.8)
        try? setStatus(.running)
        handle(.step(metrics), modelName: "")
    }

    /// Called between steps: true to cancel; while a pause marker exists the job waits, `paused`.
    private func shouldStop() -> Bool {
        let manager = FileManager.default
        if manager.fileExists(atPath: files.pauseMarker) {
            emit("Fine-tuning job paused")
            try? setStatus(.paused)
            while manager.fileExists(atPath: files.pauseMarker) && !manager.fileExists(atPath: files.cancelMarker) {
                usleep(20_000)  // this thread is the job's own; waiting here holds nothing else up
            }
            if !manager.fileExists(atPath: files.cancelMarker) {
                emit("Fine-tuning job resumed")
                try? setStatus(.running)
            }
        }
        return manager.fileExists(atPath: files.cancelMarker)
    }

    private func handle(_ progress: TrainingProgress, modelName: String) {
        switch progress {
        case let .started(settings, _, tokensPerEpoch):
            self.tokensPerEpoch = tokensPerEpoch
            let local = startBase.map { self.settings.resolved(named: stored.job.hyperparameters, model: $0) } ?? [:]
            stored.job.hyperparameters = local.merging([
                "n_epochs": .int(settings.nEpochs), "batch_size": .int(settings.batchSize),
                "learning_rate_multiplier": .number(settings.learningRateMultiplier),
            ]) { $1 }
            trainedTokens = tokensPerEpoch * (saved?.epoch ?? 0)
            emit(startMessage)
            try? setStatus(.running)
        case let .step(metrics):
            steps.append(metrics)
            emit(Self.stepMessage(metrics), type: "metrics", data: Self.data(metrics))
        case let .epochEnded(epoch, step, model, metrics):
            trainedTokens = tokensPerEpoch * epoch
            let epochs = stored.job.hyperparameters["n_epochs"]?.int ?? epoch
            // The last three epochs, the final one included (OpenAI lists a one-epoch job's only checkpoint).
            guard epoch > epochs - Self.keptCheckpoints else { return }
            let name = "\(modelName):ckpt-step-\(step)"
            try? ModelFile.save(model.named(name), to: provider.modelPath(name))
            checkpoints.append(JobCheckpoint(id: "ftckpt_" + LocalProvider.randomID(24), step: step, model: name, metrics: Self.data(metrics)))
            if let data = try? LocalJobFiles.encoder.encode(checkpoints) { try? LocalJobFiles.writeAtomically(data, to: files.checkpoints) }
            emit("Checkpoint created at step \(step) with Snapshot ID: \(name)")
        case let .saved(state):
            try? TrainingStateFile.save(state, to: files.trainingState)
        }
    }

    /// "Step 12/40: training loss=0.53, validation loss=0.61, full validation loss=0.58"
    static func stepMessage(_ metrics: StepMetrics) -> String {
        var parts = ["training loss=\(String(format: "%.2f", metrics.trainLoss))"]
        if let loss = metrics.validLoss { parts.append("validation loss=\(String(format: "%.2f", loss))") }
        if let loss = metrics.fullValidLoss { parts.append("full validation loss=\(String(format: "%.2f", loss))") }
        return "Step \(metrics.step)/\(metrics.totalSteps): " + parts.joined(separator: ", ")
    }

    static func data(_ metrics: StepMetrics) -> [String: Double] {
        var data: [String: Double] = ["step": Double(metrics.step), "total_steps": Double(metrics.totalSteps)]
        for (series, value) in Self.series(metrics) { data[series.eventKey] = value }
        return data
    }

    /// The step metrics a metrics event carries (the inverse of `data`).
    static func metrics(_ data: [String: Double]) -> StepMetrics? {
        func value(_ series: MetricSeries) -> Double? { data[series.eventKey] }
        guard let step = data["step"], let total = data["total_steps"], let loss = value(.trainLoss), let accuracy = value(.trainAccuracy)
        else { return nil }
        return StepMetrics(
            step: Int(step), totalSteps: Int(total), trainLoss: loss, trainAccuracy: accuracy, validLoss: value(.validLoss),
            validAccuracy: value(.validAccuracy), fullValidLoss: value(.fullValidLoss), fullValidAccuracy: value(.fullValidAccuracy))
    }

    /// The local trainer's figures as catalogue series.
    private static func series(_ metrics: StepMetrics) -> [(MetricSeries, Double?)] {
        [(.trainLoss, metrics.trainLoss), (.trainAccuracy, metrics.trainAccuracy), (.validLoss, metrics.validLoss),
         (.validAccuracy, metrics.validAccuracy), (.fullValidLoss, metrics.fullValidLoss), (.fullValidAccuracy, metrics.fullValidAccuracy)]
    }

    private func emit(_ message: String, level: String = "info", type: String = "message", data: [String: Double]? = nil) {
        eventCount += 1
        let suffix = stored.job.id.rawValue.dropFirst("ftjob-".count)
        let event = JobEvent(
            id: "ftevent-\(suffix)-\(String(format: "%06d", eventCount))", createdAt: LocalProvider.now(), level: level,
            type: type, message: message, data: data)
        guard var line = try? LocalJobFiles.encoder.encode(event) else { return }
        line.append(UInt8(ascii: "\n"))
        if let handle = FileHandle(forWritingAtPath: files.events) {
            handle.seekToEndOfFile()
            handle.write(line)
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: files.events, contents: line)
        }
    }

    private func setStatus(_ status: JobStatus) throws {
        stored.job.status = status
        try save()
    }

    private func save() throws {
        try LocalJobFiles.writeAtomically(try LocalJobFiles.encoder.encode(stored), to: files.snapshot)
    }
}

/// A job that fails for a reason the API names with a code.
struct JobFailure: Error {
    var code: String
    var param: String?
    var message: String
}
