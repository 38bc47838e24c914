import Foundation
import LocalTrainer
import SweepCore
import TestSupport
import Testing

/// A small ticket set whose labels are a third noise: enough for a model to memorise, too few to
/// generalise from, as on real small fine-tunes.
private let noisy: (training: String, validation: String) = {
    let folder = TestPaths.scratchDirectory("noisy")
    let labels = ["billing", "bug", "account"]
    let words = ["invoice", "crash", "password"]
    var generator = SplitMix64(seed: 99)
    func write(_ name: String, count: Int) -> String {
        var lines: [String] = []
        for index in 0..<count {
            let topic = Int(generator.next() % 3)
            let label = generator.next() % 3 == 0 ? labels[Int(generator.next() % 3)] : labels[topic]
            let filler = (0..<4).map { _ in ["my", "the", "today", "again", "please", "team", "order"][Int(generator.next() % 7)] }.joined(separator: " ")
            lines.append(#"{"messages":[{"role":"system","content":"Route the ticket."},{"role":"user","content":"\#(filler) \#(words[topic]) \#(index)"},{"role":"assistant","content":"\#(label)"}]}"#)
        }
        let path = "\(folder)/\(name).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        return path
    }
    return (write("train", count: 40), write("valid", count: 40))
}()

private func run(_ base: LocalBaseModel, epochs: Int, rate: Double = 1, seed: UInt64 = 3, data: (training: String, validation: String) = noisy) throws -> [StepMetrics] {
    var steps: [StepMetrics] = []
    let request = TrainingRequest(
        trainingFile: data.training, validationFile: data.validation, nEpochs: .int(epochs), batchSize: .int(4),
        learningRateMultiplier: .number(rate), seed: seed)
    _ = try Trainer().train(request, from: .fresh(base, seed: seed)) { if case .step(let metrics) = $0 { steps.append(metrics) } }
    return steps
}

private func meanTrainLoss(ofLastEpoch steps: [StepMetrics], stepsPerEpoch: Int) -> Double {
    let last = steps.suffix(stepsPerEpoch)
    return last.map(\.trainLoss).reduce(0, +) / Double(last.count)
}

@Suite struct HyperparameterBehaviourTests {
    @Test func moreEpochsLowerTrainingLossAndPastAPointRaiseValidationLoss() throws {
        let steps = try run(.base, epochs: 30)
        let epochEnds = steps.compactMap(\.fullValidLoss)
        #expect(epochEnds.count == 30)
        #expect(meanTrainLoss(ofLastEpoch: steps, stepsPerEpoch: 10) < meanTrainLoss(ofLastEpoch: Array(steps.prefix(30)), stepsPerEpoch: 10) / 2)
        let best = try #require(epochEnds.indices.min { epochEnds[$0] < epochEnds[$1] })
        #expect(best < 25, "validation loss kept falling: \(epochEnds)")
        #expect(epochEnds.last! > epochEnds[best] * 1.1, "\(epochEnds)")
    }

    @Test func aFarTooLargeLearningRateGivesAClearlyWorseLoss() throws {
        let triage = "\(TestPaths.repository)/experiments/data/triage"
        let data = ("\(triage)/train.jsonl", "\(triage)/valid.jsonl")
        let sane = try run(.small, epochs: 2, rate: 1, data: data).last!.fullValidLoss!
        let huge = try run(.small, epochs: 2, rate: 300, data: data).last!.fullValidLoss!
        #expect(huge > sane * 2, "sane \(sane), huge \(huge)")
    }

    @Test func aLargerBaseModelFitsTheTrainingSetBetter() throws {
        let small = meanTrainLoss(ofLastEpoch: try run(.small, epochs: 15), stepsPerEpoch: 10)
        let base = meanTrainLoss(ofLastEpoch: try run(.base, epochs: 15), stepsPerEpoch: 10)
        #expect(base < small * 0.7, "small \(small), base \(base)")
    }

    @Test func theSameSeedGivesAByteIdenticalResultFileAndAnotherSeedAnotherCurve() throws {
        let first = ResultCSV.render(try run(.small, epochs: 3, seed: 5))
        let again = ResultCSV.render(try run(.small, epochs: 3, seed: 5))
        let other = ResultCSV.render(try run(.small, epochs: 3, seed: 6))
        #expect(first == again)
        #expect(first != other)
        #expect(first.hasPrefix("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,"))
    }
}
