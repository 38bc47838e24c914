import Foundation
import LocalTrainer
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// One training run: its steps, the states it saved after each epoch, and its final weights' bytes.
private struct Run {
    var steps: [StepMetrics] = []
    var states: [TrainingState] = []
    var weights = Data()
}

private func train(_ request: TrainingRequest, resumingFrom saved: TrainingState? = nil) throws -> Run {
    var run = Run()
    let model = try Trainer().train(request, from: .fresh(.small, seed: request.seed), resumingFrom: saved) { progress in
        if case .step(let metrics) = progress { run.steps.append(metrics) }
        if case .saved(let state) = progress { run.states.append(state) }
    }
    let path = TestPaths.scratchDirectory("resume") + "/model.ftlm"
    try ModelFile.save(model, to: path)
    run.weights = try Data(contentsOf: URL(fileURLWithPath: path))
    return run
}

@Suite struct ResumeTests {
    private let request = TrainingRequest(
        trainingFile: "\(triage)/train.jsonl", validationFile: "\(triage)/valid.jsonl", nEpochs: .int(4), batchSize: .int(16),
        learningRateMultiplier: .number(2), seed: 9)

    @Test func aRunResumedFromASavedStateEndsBitForBitAsTheUninterruptedRun() throws {
        let whole = try train(request)
        #expect(whole.states.map(\.epoch) == [1, 2, 3, 4])
        // Through the file, as a job that was stopped after its second epoch finds it.
        let path = TestPaths.scratchDirectory("resume") + "/state.bin"
        try TrainingStateFile.save(whole.states[1], to: path)
        let saved = try TrainingStateFile.load(path)
        #expect(saved.step == 38)  // 300 examples / 16 → 19 steps an epoch

        let resumed = try train(request, resumingFrom: saved)
        #expect(resumed.steps == Array(whole.steps.dropFirst(38)), "the same metrics, to the last bit, from step 39 on")
        #expect(resumed.weights == whole.weights, "the same final weights")
        #expect(resumed.states.map(\.epoch) == [3, 4])
    }

    @Test func aStateOfAnotherRunOrADamagedFileIsRefusedSayingWhy() throws {
        let whole = try train(request)
        var other = request
        other.hyperparameters.batchSize = .int(8)
        #expect(throws: UnusableTrainingState.self) { try train(other, resumingFrom: whole.states[0]) }

        let path = TestPaths.scratchDirectory("resume") + "/state.bin"
        try TrainingStateFile.save(whole.states[0], to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 5] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try TrainingStateFile.load(path)
            Issue.record("a damaged state file loaded")
        } catch {
            #expect(error.reason == "the file is damaged")
        }
    }
}
