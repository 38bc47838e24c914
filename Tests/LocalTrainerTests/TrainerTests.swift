import Foundation
import LocalTrainer
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

private func train(
    _ base: LocalBaseModel, epochs: Int, batch: Int = 8, rate: Double = 1, seed: UInt64 = 1,
    training: String = "\(triage)/train.jsonl", validation: String? = "\(triage)/valid.jsonl"
) throws -> (model: LocalModel, steps: [StepMetrics]) {
    var steps: [StepMetrics] = []
    let request = TrainingRequest(
        trainingFile: training, validationFile: validation, nEpochs: .int(epochs), batchSize: .int(batch),
        learningRateMultiplier: .number(rate), seed: seed)
    let model = try Trainer().train(request, from: .fresh(base, seed: seed)) { progress in
        if case .step(let metrics) = progress { steps.append(metrics) }
    }
    return (model, steps)
}

@Suite struct TrainerTests {
    @Test func stepsAreExamplesOverBatchSizeRoundedUpTimesEpochs() throws {
        let (_, steps) = try train(.small, epochs: 2, batch: 7)
        #expect(steps.count == 2 * 43)  // 300 examples / 7 = 42.9 → 43 per epoch
        #expect(steps.last?.totalSteps == 86)
        #expect(steps.filter { $0.fullValidLoss != nil }.map(\.step) == [43, 86])
    }

    @Test func trainingLearnsTheTriageTask() throws {
        let (model, steps) = try train(.base, epochs: 3)
        let first = try #require(steps.first), last = try #require(steps.last)
        #expect(last.fullValidLoss! < first.trainLoss / 3, "\(first.trainLoss) → \(last.fullValidLoss!)")
        let answer = model.reply(to: [("system", "You route support tickets. Answer with one of: billing, bug, account, feature, outage."), ("user", "I was charged twice for my subscription this month, please refund the invoice.")])
        #expect(answer == "billing")
    }
}
