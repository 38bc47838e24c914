import Foundation
import Providers
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

private func waitForEnd(_ provider: LocalProvider, _ job: JobID) async throws -> JobSnapshot {
    #expect(try await Waiting.until { try await provider.job(job).status.isTerminal }, "job did not finish")
    return try await provider.job(job)
}

/// The status in a job's own file, as another process reads it.
private func storedStatus(_ provider: LocalProvider, _ job: JobID) throws -> String? {
    let data = try Data(contentsOf: URL(fileURLWithPath: "\(provider.root)/jobs/\(job)/job.json"))
    return ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["job"] as? [String: Any])?["status"] as? String
}

/// Rewrites a job's files as a process killed mid-run leaves them: running, its process gone.
private func leaveAsStopped(_ provider: LocalProvider, _ job: JobID) throws {
    let exited = Process()
    exited.executableURL = URL(fileURLWithPath: "/bin/true")
    try exited.run()
    exited.waitUntilExit()
    let path = "\(provider.root)/jobs/\(job)/job.json"
    var stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    var snapshot = try #require(stored["job"] as? [String: Any])
    snapshot["status"] = "running"
    stored["job"] = snapshot
    let ownerKey = try #require(stored.keys.first { $0.lowercased().hasPrefix("owner") })
    stored[ownerKey] = Int(exited.processIdentifier)
    try JSONSerialization.data(withJSONObject: stored).write(to: URL(fileURLWithPath: path))
}

@Suite struct LocalProviderTests {
    @Test func aJobReportsWhatTheAPIReports() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:eafdde3d6b269dcbad4cdcc3aed83a0bcfd67f8de744f5263afdeb83d6284095")
        #expect(try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:eafdde3d6b269dcbad4cdcc3aed83a0bcfd67f8de744f5263afdeb83d6284095") == training)
        let validation = try await provider.upload(path: "\(triage)/valid.jsonl", digest: "sha256:5c609e5e22d5")
        let created = try await provider.createJob(JobRequest(
            model: "local-small", trainingFile: training, validationFile: validation,
            hyperparameters: ["n_epochs": .int(4), "batch_size": .int(100), "learning_rate_multiplier": .auto],
            suffix: "x", seed: 1, metadata: ["ftsweep_trial_key": "k1"]))
        #expect(created.status == .validatingFiles)
        let done = try await waitForEnd(provider, created.id)
        #expect(done.status == .succeeded)
        #expect(done.hyperparameters == ["n_epochs": .int(4), "batch_size": .int(100), "learning_rate_multiplier": .number(1)])
        let model = try #require(done.fineTunedModel)
        #expect(model.hasPrefix("ft:local-small:local:x:") && model.count == "ft:local-small:local:x:".count + 8)

        let messages = try await provider.events(created.id, after: nil).filter { $0.type == "message" }.map(\.message)
        #expect(messages.first == "Created fine-tuning job: \(created.id)")
        #expect(messages[1] == "Validating training file: \(training) and validation file: \(validation)")
        #expect(messages.suffix(2) == ["New fine-tuned model created: \(model)", "The job has successfully completed"])
        let metrics = try await provider.events(created.id, after: nil).filter { $0.type == "metrics" }
        #expect(metrics.count == 12)  // 3 steps an epoch × 4 epochs
        #expect(metrics.last?.message.hasPrefix("Step 12/12: training loss=") == true)

        // Checkpoints for the last three epochs, the final one included, as the API keeps them.
        let checkpoints = try await provider.checkpoints(created.id)
        #expect(checkpoints.map(\.step) == [6, 9, 12])
        #expect(checkpoints.map(\.model) == ["\(model):ckpt-step-6", "\(model):ckpt-step-9", "\(model):ckpt-step-12"])
        #expect(try await provider.models().contains(model))

        let csv = String(decoding: try await provider.resultFile(done.resultFiles[0]), as: UTF8.self)
        #expect(csv.split(separator: "\n").count == 13)
        #expect(try await provider.jobs(metadata: ["ftsweep_trial_key": "k1"]).map(\.id) == [created.id])
        #expect(try await provider.jobs(metadata: ["ftsweep_trial_key": "other"]).isEmpty)
        let answer = try await provider.complete(model: model, messages: [ChatMessage(role: "user", content: "hello")])
        #expect(answer.utf8.count <= 256)
    }

    @Test func cancellingStopsTheJob() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ab")
        let created = try await provider.createJob(JobRequest(
            model: "local-base", trainingFile: training, validationFile: nil,
            hyperparameters: ["n_epochs": .int(50), "batch_size": .int(1), "learning_rate_multiplier": .auto],
            suffix: nil, seed: 1, metadata: [:]))
        // A job this process trains has stopped by the time `cancel` returns, so a process that exits
        // right after never leaves its files saying the job still runs.
        let answer = try await provider.cancel(created.id)
        #expect(answer.status == .cancelled)
        let stored = try #require(FileManager.default.contents(atPath: "\(provider.root)/jobs/\(created.id)/job.json"))
        let job = try #require((try JSONSerialization.jsonObject(with: stored) as? [String: Any])?["job"] as? [String: Any])
        #expect(job["status"] as? String == "cancelled")
        let done = try await waitForEnd(provider, created.id)
        #expect(done.status == .cancelled)
        #expect(done.fineTunedModel == nil)
    }

    @Test func aJobWhoseProcessStoppedIsResumedByTheNextOwnerAndCancelledIfACancelWasAskedFor() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"), finishesJobsAtOnce: true)
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ab")
        let created = try await provider.createJob(JobRequest(
            model: "local-small", trainingFile: training, validationFile: nil, hyperparameters: [:], suffix: nil, seed: 1, metadata: [:]))
        _ = try await waitForEnd(provider, created.id)
        var owner = provider
        owner.resumesStoppedJobs = true

        // A process that only reads reports the job as it was left: it has not failed, it waits for an owner.
        try leaveAsStopped(provider, created.id)
        #expect(try await provider.job(created.id).status == .running)
        #expect(try await Waiting.until { try await owner.job(created.id).status == .succeeded })
        #expect(try storedStatus(provider, created.id) == "succeeded")

        try leaveAsStopped(provider, created.id)
        _ = FileManager.default.createFile(atPath: "\(provider.root)/jobs/\(created.id)/cancel", contents: nil)
        #expect(try await provider.job(created.id).status == .cancelled)
        #expect(try await owner.job(created.id).status == .cancelled)
        #expect(try Waiting.until { try storedStatus(provider, created.id) == "cancelled" }, "the owner records the cancel")
        #expect(try await provider.events(created.id, after: nil).last?.message == "Fine-tuning job cancelled")
    }

    @Test func aJobStoppedBeforeItsFirstCheckpointTrainsAgainFromTheBeginningToTheSameResult() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ab")
        let created = try await provider.createJob(JobRequest(
            model: "local-small", trainingFile: training, validationFile: nil,
            hyperparameters: ["n_epochs": .int(2), "batch_size": .int(16)], suffix: nil, seed: 5, metadata: [:]))
        #expect(try await waitForEnd(provider, created.id).status == .succeeded)
        let result = "\(provider.root)/jobs/\(created.id)/result.csv"
        let first = try String(contentsOfFile: result, encoding: .utf8)
        #expect(!FileManager.default.fileExists(atPath: "\(provider.root)/jobs/\(created.id)/training-state.bin"), "an ended job keeps no state")

        // As a process killed in its first epoch, halfway through writing an event, leaves the job.
        try leaveAsStopped(provider, created.id)
        let events = try #require(FileHandle(forWritingAtPath: "\(provider.root)/jobs/\(created.id)/events.jsonl"))
        events.seekToEndOfFile()
        events.write(Data(#"{"id":"ftevent-half"#.utf8))
        try events.close()
        var owner = provider
        owner.resumesStoppedJobs = true
        _ = try await owner.job(created.id)
        #expect(try await waitForEnd(provider, created.id).status == .succeeded)
        #expect(try String(contentsOfFile: result, encoding: .utf8) == first)
        let messages = try await provider.events(created.id, after: nil).map(\.message)
        #expect(messages.contains("Fine-tuning job restarted from the beginning: its process stopped before the first checkpoint"))
        #expect(messages.last == "The job has successfully completed", "the half-written line is gone, so later events read")
    }

    @Test func unknownModelsAndFilesAreRefused() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        await #expect(throws: ProviderError.self) {
            try await provider.createJob(JobRequest(model: "local-small", trainingFile: RemoteFileID("file-nope"), validationFile: nil, hyperparameters: [:], suffix: nil, seed: 0, metadata: [:]))
        }
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:cd")
        await #expect(throws: ProviderError.self) {
            try await provider.createJob(JobRequest(model: "gpt-4o", trainingFile: training, validationFile: nil, hyperparameters: [:], suffix: nil, seed: 0, metadata: [:]))
        }
    }
}

@Suite struct ContinuedFineTuneTests {
    @Test func fineTuningAFineTunedModelStartsFromItsWeights() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ef")
        func train(_ model: String) async throws -> (JobSnapshot, Double) {
            let job = try await provider.createJob(JobRequest(
                model: model, trainingFile: training, validationFile: nil,
                hyperparameters: ["n_epochs": .int(2), "batch_size": .int(16), "learning_rate_multiplier": .auto],
                suffix: "c", seed: 4, metadata: [:]))
            let done = try await waitForEnd(provider, job.id)
            let first = try await provider.events(job.id, after: nil).first { $0.type == "metrics" }?.data?["train_loss"]
            return (done, try #require(first))
        }
        let (tuned, freshStart) = try await train("local-small")
        let (_, continuedStart) = try await train(try #require(tuned.fineTunedModel))
        #expect(continuedStart < freshStart / 3, "fresh \(freshStart), continued \(continuedStart)")
    }
}

@Suite struct LocalJobLifecycleTests {
    @Test func fewerThanTenExamplesFailTheJobAsTheAPIDoes() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let lines = try String(contentsOfFile: "\(triage)/train.jsonl", encoding: .utf8).split(separator: "\n").prefix(7)
        let path = TestPaths.scratchDirectory("seven") + "/seven.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        let file = try await provider.upload(path: path, digest: "sha256:77")
        let job = try await provider.createJob(JobRequest(model: "local-small", trainingFile: file, validationFile: nil, hyperparameters: [:], suffix: nil, seed: 0, metadata: [:]))
        let done = try await waitForEnd(provider, job.id)
        #expect(done.status == .failed)
        #expect(done.error == JobError(code: "invalid_n_examples", message: "Training file has 7 example(s), but must have at least 10 examples", param: "training_file"))
    }

    @Test func aPausedJobWaitsAndResumesWhereItWas() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let file = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:99")
        // Fifty epochs at batch size 1: far longer than the test, which cancels it at the end.
        let job = try await provider.createJob(JobRequest(
            model: "local-base", trainingFile: file, validationFile: nil,
            hyperparameters: ["n_epochs": .int(50), "batch_size": .int(1)], suffix: nil, seed: 0, metadata: [:]))
        _ = try await provider.pause(job.id)
        #expect(try await Waiting.until { try await provider.job(job.id).status == .paused })
        let metrics = { try await provider.events(job.id, after: nil).filter { $0.type == "metrics" }.count }
        let whilePaused = try await metrics()
        _ = try await provider.resume(job.id)
        #expect(try await Waiting.until { try await metrics() > whilePaused + 5 })
        let messages = try await provider.events(job.id, after: nil).map(\.message)
        #expect(messages.contains("Fine-tuning job paused") && messages.contains("Fine-tuning job resumed"))
        _ = try await provider.cancel(job.id)
        #expect(try await Waiting.until { try await provider.job(job.id).status == .cancelled })
        await #expect(throws: ProviderError.self) { try await provider.pause(job.id) }
    }
}

@Suite struct ConcurrentUploadTests {
    @Test func uploadingTheSameFileFromManyTasksAtOnceGivesOneFile() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("provider"))
        let ids = try await withThrowingTaskGroup(of: RemoteFileID.self) { group in
            for _ in 0..<8 { group.addTask { try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:c0ffee") } }
            return try await group.reduce(into: Set<RemoteFileID>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(provider.root)/files")
        #expect(files == ["file-c0ffee.jsonl"], "no partial copies are left behind")
    }
}
