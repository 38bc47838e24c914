import Foundation
import Providers
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// The OpenAI client against `ftsweep serve` on loopback: real HTTP both ways.
@Suite(.serialized) struct OpenAIProviderTests {
    @Test func theWholeJobLifecycleOverHTTP() async throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let provider = OpenAIProvider(configuration: .init(baseURL: server.baseURL, apiKey: nil))
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:any")
        #expect(try await provider.fileExists(training))
        #expect(try await !provider.fileExists(RemoteFileID("file-missing")))
        #expect(try await provider.files().map(\.filename) == ["train.jsonl"])
        // A long job (far longer than the test) for pause, resume and cancel.
        let long = try await provider.createJob(JobRequest(
            model: "local-base", trainingFile: training, validationFile: nil,
            hyperparameters: ["n_epochs": .int(50), "batch_size": .int(1)], suffix: nil, seed: 3, metadata: [:]))
        _ = try await provider.pause(long.id)
        #expect(try await Waiting.until { try await provider.job(long.id).status == .paused })
        _ = try await provider.resume(long.id)
        #expect(try await Waiting.until { try await provider.job(long.id).status == .running })
        _ = try await provider.cancel(long.id)
        #expect(try await Waiting.until { try await provider.job(long.id).status == .cancelled })

        let job = try await provider.createJob(JobRequest(
            model: "local-small", trainingFile: training, validationFile: nil,
            hyperparameters: ["n_epochs": .int(3), "batch_size": .int(1), "learning_rate_multiplier": .auto],
            suffix: "http", seed: 3, metadata: ["ftsweep_trial_key": "abc"]))
        #expect(try await Waiting.until { try await provider.job(job.id).status.isTerminal })
        let done = try await provider.job(job.id)
        #expect(done.status == .succeeded)
        let model = try #require(done.fineTunedModel)
        #expect(try await provider.modelExists(model))

        // Events come back oldest first, and `after` gives only newer ones, across many pages.
        let events = try await provider.events(job.id, after: nil)
        #expect(events.first?.message == "Created fine-tuning job: \(job.id)")
        #expect(events.last?.message == "The job has successfully completed")
        #expect(events.filter { $0.type == "metrics" }.count == 900)  // 300 steps an epoch × 3: several pages of 100
        let tail = try await provider.events(job.id, after: events[events.count - 3].id)
        #expect(tail.map(\.id) == events.suffix(2).map(\.id))

        let checkpoints = try await provider.checkpoints(job.id)
        #expect(checkpoints.map(\.step) == [300, 600, 900])
        let rows = String(decoding: try await provider.resultFile(done.resultFiles[0]), as: UTF8.self)
        #expect(rows.hasPrefix("ZXN0ZXAs") || rows.hasPrefix("c3RlcC"), "served base64-encoded, as OpenAI does")
        #expect(try await provider.jobs(metadata: ["ftsweep_trial_key": "abc"]).map(\.id) == [job.id])
        #expect(try await provider.complete(model: model, messages: [ChatMessage(role: "user", content: "hi")]).utf8.count <= 256)
        #expect(try await provider.deleteModel(model))
        #expect(try await !provider.modelExists(model))
        #expect(try await provider.deleteFile(training))
    }

    @Test func errorsAreWordedForPeople() async throws {
        let server = try ServeProcess(arguments: ["--api-key", "right"])
        defer { server.stop() }
        let wrong = OpenAIProvider(configuration: .init(baseURL: server.baseURL, apiKey: "wrong"))
        await #expect {
            try await wrong.models()
        } throws: { error in
            (error as? OpenAIError)?.description.hasPrefix("the API key was refused (401)") == true && !"\(error)".contains("wrong")
        }
        let right = OpenAIProvider(configuration: .init(baseURL: server.baseURL, apiKey: "right"))
        await #expect {
            try await right.job(JobID("ftjob-nope"))
        } throws: { error in
            (error as? OpenAIError).map { $0.status == 404 && $0.description.contains("No such fine-tuning job: ftjob-nope") } ?? false
        }
    }
}

@Suite(.serialized) struct ServeLimitsTests {
    @Test func anUploadOverTheCapIsRefusedWith413() async throws {
        let server = try ServeProcess(arguments: ["--max-upload-bytes", "1000"])
        defer { server.stop() }
        let provider = OpenAIProvider(configuration: .init(baseURL: server.baseURL, apiKey: nil), retry: RetryPolicy(maxAttempts: 1))
        await #expect {
            try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:big")
        } throws: { error in
            (error as? OpenAIError)?.status == 413
        }
    }

    @Test func malformedIdsAreRefusedNotUsedAsPaths() async throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let provider = OpenAIProvider(configuration: .init(baseURL: server.baseURL, apiKey: nil))
        for id in ["..%2F..%2Fetc%2Fpasswd", "ftjob-a%20b", "ftjob-..."] {
            await #expect {
                try await provider.job(JobID(id))
            } throws: { error in
                (error as? OpenAIError)?.status == 404
            }
        }
    }
}
