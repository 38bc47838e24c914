import Foundation
import SweepCore

/// What training needs: the data, the starting model and the resolved hyperparameters.
public struct TrainingRequest: Sendable {
    public var trainingFile: String
    public var validationFile: String?
    public var hyperparameters: (nEpochs: ParamValue, batchSize: ParamValue, learningRateMultiplier: ParamValue)
    public var seed: UInt64
    /// The local trainer's own knobs; training reads `weight_decay` and `dropout` (the others shape
    /// the start model: `LocalSettings.fresh`).
    public var settings: LocalSettings

    public init(
        trainingFile: String, validationFile: String?, nEpochs: ParamValue, batchSize: ParamValue, learningRateMultiplier: ParamValue,
        seed: UInt64, settings: LocalSettings = LocalSettings()
    ) {
        self.trainingFile = trainingFile
        self.validationFile = validationFile
        self.hyperparameters = (nEpochs, batchSize, learningRateMultiplier)
        self.seed = seed
        self.settings = settings
    }
}

/// Progress a trainer reports while it runs.
public enum TrainingProgress: Sendable {
    /// Training began; an epoch trains on `tokensPerEpoch` tokens (assistant bytes and end markers).
    case started(ResolvedHyperparameters, totalSteps: Int, tokensPerEpoch: Int)
    case step(StepMetrics)
    /// The model at the end of an epoch (the last three are kept as checkpoints).
    case epochEnded(epoch: Int, step: Int, model: LocalModel, metrics: StepMetrics)
    /// Everything a run resumed after this epoch needs (reported after `epochEnded`).
    case saved(TrainingState)
}

/// Trains a local model by mini-batch gradient descent (Adam) on the assistant messages only.
/// Deterministic: the same request and seed give byte-identical metrics.
public struct Trainer: Sendable {
    public init() {}

    /// Continues from `saved` (a state this run reported) when given.
    public func train(
        _ request: TrainingRequest, from start: LocalModel, resumingFrom saved: TrainingState? = nil,
        isCancelled: () -> Bool = { false }, progress: (TrainingProgress) -> Void
    ) throws -> LocalModel {
        let shape = start.base
        let training = try ExampleReader.read(path: request.trainingFile, shape: shape)
        guard !training.isEmpty else { throw TrainerError.noExamples(path: request.trainingFile) }
        let validation = try request.validationFile.map { try ExampleReader.read(path: $0, shape: shape) } ?? []
        let settings = ResolvedHyperparameters(
            nEpochs: request.hyperparameters.nEpochs, batchSize: request.hyperparameters.batchSize,
            learningRateMultiplier: request.hyperparameters.learningRateMultiplier, examples: training.count)
        let network = start.network.copy()
        let optimizer = Optimizer(
            network: network, learningRate: shape.baseLearningRate * settings.learningRateMultiplier, weightDecay: request.settings.weightDecay ?? 0)
        try saved?.restore(into: network, optimizer, settings: settings, examples: training.count)
        // Drawn from a stream of its own, so a run without dropout shuffles and initialises as before.
        // (A run resumed from a checkpoint draws its dropout masks afresh: dropout runs resume close to, not exactly as, an uninterrupted one.)
        var dropout = (request.settings.dropout ?? 0) > 0
            ? Dropout(rate: request.settings.dropout ?? 0, generator: SplitMix64(seed: request.seed, stream: 0xD209)) : nil
        let evaluator = Evaluator(network: network)
        let stepsPerEpoch = settings.stepsPerEpoch(examples: training.count)
        let totalSteps = stepsPerEpoch * settings.nEpochs
        let validEvery = max(1, totalSteps / 20)
        progress(.started(settings, totalSteps: totalSteps, tokensPerEpoch: training.reduce(0) { $0 + $1.targets.count }))

        var generator = saved?.generator ?? SplitMix64(seed: request.seed, stream: 0x0D47A)
        var order = saved?.order ?? Array(training.indices)
        var validCursor = saved?.validCursor ?? 0
        var step = saved?.step ?? 0
        var scratch = StepScratch(hidden: shape.hiddenSize)
        for epoch in (saved.map { $0.epoch + 1 } ?? 1)..<(settings.nEpochs + 1) {
            order.shuffle(with: &generator)
            for batchStart in stride(from: 0, to: order.count, by: settings.batchSize) {
                if isCancelled() { throw TrainerError.cancelled }
                step += 1
                let batch = order[batchStart..<min(order.count, batchStart + settings.batchSize)].map { training[$0] }
                let (loss, accuracy) = trainStep(batch, network: network, optimizer: optimizer, dropout: &dropout, scratch: &scratch)
                var metrics = StepMetrics(step: step, totalSteps: totalSteps, trainLoss: loss, trainAccuracy: accuracy)
                if !validation.isEmpty && (step % validEvery == 0 || step == totalSteps) {
                    let sample = (0..<min(settings.batchSize, validation.count)).map { validation[(validCursor + $0) % validation.count] }
                    validCursor = (validCursor + sample.count) % validation.count
                    (metrics.validLoss, metrics.validAccuracy) = evaluator.evaluate(sample)
                }
                let epochEnds = batchStart + settings.batchSize >= order.count
                if epochEnds && !validation.isEmpty {
                    (metrics.fullValidLoss, metrics.fullValidAccuracy) = evaluator.evaluate(validation)
                }
                progress(.step(metrics))
                if epochEnds {
                    progress(.epochEnded(epoch: epoch, step: step, model: start.continued(network.copy()), metrics: metrics))
                    progress(.saved(TrainingState(
                        epoch: epoch, step: step, settings: settings, validCursor: validCursor, generator: generator, order: order,
                        network: network, optimizer: optimizer)))
                }
            }
        }
        return start.continued(network)
    }

    private func trainStep(
        _ batch: [TrainingExample], network: Network, optimizer: Optimizer, dropout: inout Dropout?, scratch: inout StepScratch
    ) -> (Double, Double) {
        let positions = batch.reduce(0) { $0 + $1.targets.count }
        let scale = 1 / Float(max(1, positions))
        var score = Score()
        for example in batch {
            network.forEachPosition(of: example, scratch: &scratch, dropout: &dropout) { target, scratch in
                score.add(target: target, probabilities: scratch.probabilities)
                optimizer.accumulate(prompt: example.promptFeatures, target: target, scale: scale, scratch: &scratch)
            }
        }
        optimizer.apply()
        return score.result
    }
}

/// Buffers reused across positions, so the inner loop allocates nothing.
struct StepScratch {
    var context: [Int32] = []
    var hidden: [Float]
    var probabilities = [Float](repeating: 0, count: Network.outputs)
    var hiddenGradient: [Float]
    /// With dropout: each unit's factor (0 or 1 / (1 − rate)) and its value before the factor; empty without.
    var keep: [Float] = []
    var activation: [Float] = []

    init(hidden size: Int) {
        hidden = Array(repeating: 0, count: size)
        hiddenGradient = Array(repeating: 0, count: size)
    }
}

/// Loss and token accuracy without training, for validation.
struct Evaluator {
    let network: Network

    func evaluate(_ examples: [TrainingExample]) -> (Double, Double) {
        var scratch = StepScratch(hidden: network.shape.hiddenSize)
        var score = Score()
        for example in examples {
            var noDropout: Dropout?
            network.forEachPosition(of: example, scratch: &scratch, dropout: &noDropout) { target, scratch in
                score.add(target: target, probabilities: scratch.probabilities)
            }
        }
        return score.result
    }
}

/// Mean cross-entropy and token accuracy over positions.
struct Score {
    private var loss = 0.0
    private var correct = 0
    private var positions = 0

    mutating func add(target: Int, probabilities: [Float]) {
        loss -= Double(log(max(probabilities[target], 1e-12)))
        if probabilities.argmax == target { correct += 1 }
        positions += 1
    }

    var result: (loss: Double, accuracy: Double) {
        (loss / Double(max(1, positions)), Double(correct) / Double(max(1, positions)))
    }
}

extension Network {
    /// Runs the network at each target position of an example (teacher forcing), handing `body` the
    /// target and the scratch holding that position's context, hidden state and probabilities.
    func forEachPosition(
        of example: TrainingExample, scratch: inout StepScratch, dropout: inout Dropout?, _ body: (Int, inout StepScratch) -> Void
    ) {
        let prompt = promptActivation(example.promptFeatures)
        for index in example.targets.indices {
            Features.context(example.targets[..<index], bits: shape.featureBits, into: &scratch.context)
            activate(prompt: prompt, context: scratch.context, hidden: &scratch.hidden)
            dropout?.apply(to: &scratch)
            output(scratch.hidden, probabilities: &scratch.probabilities)
            body(Int(example.targets[index]), &scratch)
        }
    }
}

/// Inverted dropout on the hidden layer while training: a unit is kept with probability 1 − rate and
/// then scaled by 1 / (1 − rate), so answering needs no change. Seeded, so a run is reproducible.
struct Dropout {
    let rate: Double
    var generator: SplitMix64

    mutating func apply(to scratch: inout StepScratch) {
        let size = scratch.hidden.count
        if scratch.keep.count != size {
            scratch.keep = Array(repeating: 0, count: size)
            scratch.activation = Array(repeating: 0, count: size)
        }
        let scale = Float(1 / (1 - rate))
        for unit in 0..<size {
            scratch.activation[unit] = scratch.hidden[unit]
            scratch.keep[unit] = generator.unit() < rate ? 0 : scale
            scratch.hidden[unit] *= scratch.keep[unit]
        }
    }
}

extension Array where Element == Float {
    /// The index of the largest element (the first, on ties).
    var argmax: Int {
        var best = 0
        for index in indices where self[index] > self[best] { best = index }
        return best
    }
}

extension Array {
    /// Fisher–Yates with our own generator, so the order never changes with the standard library.
    mutating func shuffle(with generator: inout SplitMix64) {
        guard count > 1 else { return }
        for index in stride(from: count - 1, to: 0, by: -1) {
            let other = Int(generator.next() % UInt64(index + 1))
            swapAt(index, other)
        }
    }
}
