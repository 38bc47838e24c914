import Dispatch
import LocalTrainer
import SweepCore

/// The local trainer's throughput on one core, beside the limit of its own arithmetic: a plain
/// multiply-add loop of the same shape measured in the same process.
enum TrainerBench {
    static func run(training: String, validation: String) throws {
        let base = LocalBaseModel.base
        var tokens = 0
        let request = TrainingRequest(
            trainingFile: training, validationFile: validation, nEpochs: .int(3), batchSize: .int(8),
            learningRateMultiplier: .number(1), seed: 1)
        var rates: [Double] = []
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try Trainer().train(request, from: .fresh(base, seed: 1)) { progress in
                if case let .started(settings, _, perEpoch) = progress { tokens = perEpoch * settings.nEpochs }
            }
            rates.append(Double(tokens) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        // Per trained token the network does about 3 × 257 × hidden multiply-adds (forward, two backward).
        let macsPerToken = 3 * 257 * base.hiddenSize
        let limit = multiplyAddRate() / Double(macsPerToken)
        let median = rates.sorted()[rates.count / 2]
        print("\(median) \(limit)")
    }

    /// Multiply-adds per second of a dot-product loop over the output layer's shape.
    private static func multiplyAddRate() -> Double {
        let hidden = LocalBaseModel.base.hiddenSize
        let weights = [Float](repeating: 0.5, count: 257 * hidden)
        let vector = [Float](repeating: 0.25, count: hidden)
        var sink: Float = 0
        let rounds = 4_000
        let start = DispatchTime.now().uptimeNanoseconds
        weights.withUnsafeBufferPointer { w in
            vector.withUnsafeBufferPointer { v in
                for _ in 0..<rounds {
                    for output in 0..<257 {
                        var sum: Float = 0
                        for unit in 0..<hidden { sum += w[output * hidden + unit] * v[unit] }
                        sink += sum
                    }
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(sink.isFinite)
        return Double(rounds * 257 * hidden) / seconds
    }
}
