import Foundation
import LocalTrainer
import Providers
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

@Suite struct LocalKnobJobTests {
    private func job(_ provider: LocalProvider, model: String = "local-small", _ hyperparameters: [String: ParamValue]) async throws -> JobSnapshot {
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ab")
        let created = try await provider.createJob(JobRequest(
            model: model, trainingFile: training, validationFile: nil, hyperparameters: hyperparameters, suffix: nil, seed: 1, metadata: [:]))
        #expect(try await Waiting.until { try await provider.job(created.id).status.isTerminal }, "job did not finish")
        return try await provider.job(created.id)
    }

    @Test func aJobTrainsWithTheKnobsItNamesAndReportsThemResolved() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("knob-jobs"))
        let done = try await job(provider, [
            "n_epochs": .int(1), "batch_size": .int(50), "learning_rate_multiplier": .auto,
            "hidden_width": .int(8), "dropout": .number(0.25), "weight_decay": .auto, "prompt_norm": .number(0.5), "idf": .int(1),
        ])
        #expect(done.status == .succeeded)
        #expect(done.hyperparameters == [
            "n_epochs": .int(1), "batch_size": .int(50), "learning_rate_multiplier": .number(1),
            "hidden_width": .int(8), "dropout": .number(0.25), "weight_decay": .int(0), "prompt_norm": .number(0.5), "idf": .int(1),
        ])
        let model = try provider.loadModel(try #require(done.fineTunedModel))
        #expect(model.base.hiddenSize == 8 && model.base.promptNorm == 0.5)
        // idf was counted over the job's training file (300 examples) when its fresh model was made.
        #expect(model.base.documentFrequencies?.documents == 300)
    }

    @Test func aBadValueIsRefusedWhenTheJobIsCreatedNamingTheKnobAndItsRange() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("knob-jobs"))
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ab")
        await #expect(throws: ProviderError.invalidRequest("dropout must be a number from 0 to 0.9 or auto; got 1")) {
            try await provider.createJob(JobRequest(
                model: "local-small", trainingFile: training, validationFile: nil, hyperparameters: ["dropout": .int(1)],
                suffix: nil, seed: 1, metadata: [:]))
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(provider.root)/jobs")) ?? []).isEmpty)
    }

    @Test func aFineTuneKeepsItsShapeAndRefusesKnobsThatWouldChangeIt() async throws {
        let provider = LocalProvider(root: TestPaths.scratchDirectory("knob-jobs"))
        let first = try await job(provider, ["n_epochs": .int(1), "batch_size": .int(100), "hidden_width": .int(8)])
        let tuned = try #require(first.fineTunedModel)
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:ab")
        await #expect(throws: ProviderError.self) {
            try await provider.createJob(JobRequest(
                model: tuned, trainingFile: training, validationFile: nil, hyperparameters: ["hidden_width": .int(16)],
                suffix: nil, seed: 1, metadata: [:]))
        }
        // Regularisers apply to any training, a fine-tune's continuation included.
        let continued = try await job(provider, model: tuned, ["n_epochs": .int(1), "batch_size": .int(100), "weight_decay": .number(0.01)])
        #expect(continued.status == .succeeded)
        #expect(try provider.loadModel(try #require(continued.fineTunedModel)).base.hiddenSize == 8)
    }
}
