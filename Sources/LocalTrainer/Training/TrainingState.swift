import SweepCore

/// Where a training run stands at the end of an epoch: the weights, Adam's step and moments, the
/// data order and the generator that shuffles it. A run resumed from it goes on exactly as if it had
/// never stopped: the same steps, metrics and weights, bit for bit.
public struct TrainingState: Sendable {
    public var base: LocalBaseModel
    public var settings: ResolvedHyperparameters
    /// Epochs and steps done.
    public var epoch: Int
    public var step: Int
    var validCursor: Int
    var generator: SplitMix64
    var order: [Int]
    var optimizerStep: Int
    /// The network's arrays (input weights, hidden bias, output weights, output bias), then Adam's
    /// first and second moments of each, in that order.
    var arrays: [[Float]]

    init(epoch: Int, step: Int, settings: ResolvedHyperparameters, validCursor: Int, generator: SplitMix64, order: [Int],
         network: Network, optimizer: Optimizer) {
        self.base = network.shape
        self.settings = settings
        self.epoch = epoch
        self.step = step
        self.validCursor = validCursor
        self.generator = generator
        self.order = order
        self.optimizerStep = optimizer.step
        arrays = [network.inputWeights, network.hiddenBias, network.outputWeights, network.outputBias]
            + optimizer.moments.flatMap { [$0.first, $0.second] }
    }

    init(base: LocalBaseModel, settings: ResolvedHyperparameters, epoch: Int, step: Int, validCursor: Int,
         generator: SplitMix64, order: [Int], optimizerStep: Int, arrays: [[Float]]) {
        self.base = base
        self.settings = settings
        self.epoch = epoch
        self.step = step
        self.validCursor = validCursor
        self.generator = generator
        self.order = order
        self.optimizerStep = optimizerStep
        self.arrays = arrays
    }

    /// The sizes `arrays` has for a base model: four weight arrays, then two moments of each.
    static func arraySizes(_ base: LocalBaseModel) -> [Int] {
        let hidden = base.hiddenSize
        let weights = [base.featureRows * hidden, hidden, Network.outputs * hidden, Network.outputs]
        return weights + weights.flatMap { [$0, $0] }
    }

    /// Why this state cannot continue a run of `settings` on `examples` examples of `base`; nil when it can.
    func mismatch(settings: ResolvedHyperparameters, base: LocalBaseModel, examples: Int) -> String? {
        if base != self.base { return "it was saved for \(self.base.name), not \(base.name)" }
        if settings != self.settings { return "it was saved with other hyperparameters" }
        if order.count != examples || Set(order) != Set(0..<examples) { return "it was saved for \(order.count) examples, not \(examples)" }
        if epoch > settings.nEpochs { return "it is past the last epoch" }
        return nil
    }

    /// Puts the saved weights and Adam state into a fresh run's network and optimizer; throws when
    /// the state was saved for another run.
    func restore(into network: Network, _ optimizer: Optimizer, settings: ResolvedHyperparameters, examples: Int) throws {
        if let reason = mismatch(settings: settings, base: network.shape, examples: examples) { throw UnusableTrainingState(reason: reason) }
        (network.inputWeights, network.hiddenBias, network.outputWeights, network.outputBias) = (arrays[0], arrays[1], arrays[2], arrays[3])
        optimizer.step = optimizerStep
        for (index, moments) in optimizer.moments.enumerated() {
            moments.first = arrays[4 + 2 * index]
            moments.second = arrays[5 + 2 * index]
        }
    }
}

/// A saved training state that cannot continue this run (another model, data or hyperparameters).
public struct UnusableTrainingState: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { "the saved training state cannot be used: \(reason)" }
}
