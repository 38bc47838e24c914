import Foundation
import SweepCore

/// The local model: hashed features → one tanh layer → a softmax over 256 bytes and an end marker.
/// Weights are plain arrays so a model file is their bytes. Not `Sendable`: one training run owns it.
final class Network {
    static let outputs = 257

    let shape: LocalBaseModel
    var inputWeights: [Float]  // featureRows × hidden
    var hiddenBias: [Float]  // hidden
    var outputWeights: [Float]  // outputs × hidden
    var outputBias: [Float]  // outputs

    /// The standard deviation of fresh feature rows unless `init_scale` says otherwise.
    static let initScale = LocalHyperparameter.initScale.defaultValue ?? 0.1

    /// Fresh weights drawn from the seed.
    init(shape: LocalBaseModel, seed: UInt64, initScale: Double = Network.initScale) {
        self.shape = shape
        let hidden = shape.hiddenSize
        inputWeights = Self.gaussians(shape.featureRows * hidden, scale: initScale, seed: seed, stream: 1)
        hiddenBias = Array(repeating: 0, count: hidden)
        outputWeights = Self.gaussians(Self.outputs * hidden, scale: 1 / Double(hidden).squareRoot(), seed: seed, stream: 2)
        outputBias = Array(repeating: 0, count: Self.outputs)
    }

    /// Normal draws by Box–Muller from our own generator (deterministic everywhere).
    private static func gaussians(_ count: Int, scale: Double, seed: UInt64, stream: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed, stream: stream)
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let u1 = max(generator.unit(), 1e-12), u2 = generator.unit()
            values[index] = Float(scale * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
        }
        return values
    }

    init(shape: LocalBaseModel, inputWeights: [Float], hiddenBias: [Float], outputWeights: [Float], outputBias: [Float]) {
        self.shape = shape
        self.inputWeights = inputWeights
        self.hiddenBias = hiddenBias
        self.outputWeights = outputWeights
        self.outputBias = outputBias
    }

    func copy() -> Network {
        Network(shape: shape, inputWeights: inputWeights, hiddenBias: hiddenBias, outputWeights: outputWeights, outputBias: outputBias)
    }

    /// The hidden pre-activation of a prompt: the bias plus its weighted feature rows, scaled by the
    /// shape's `promptScale` (1 unless `prompt_norm` says otherwise).
    func promptActivation(_ prompt: PromptFeatures) -> [Float] {
        var activation = hiddenBias
        let hidden = shape.hiddenSize
        let scale = shape.promptScale(squaredNorm: prompt.squaredNorm)
        inputWeights.withUnsafeBufferPointer { weights in
            for (feature, weight) in zip(prompt.ids, prompt.weights) {
                let row = Int(feature) * hidden
                let factor = scale * weight
                for unit in 0..<hidden { activation[unit] += factor * weights[row + unit] }
            }
        }
        return activation
    }

    /// Hidden state and output probabilities for one position.
    func forward(prompt: [Float], context: [Int32], hidden: inout [Float], probabilities: inout [Float]) {
        activate(prompt: prompt, context: context, hidden: &hidden)
        output(hidden, probabilities: &probabilities)
    }

    /// The tanh layer at one position: the prompt's activation plus the context's rows.
    func activate(prompt: [Float], context: [Int32], hidden: inout [Float]) {
        let size = shape.hiddenSize
        inputWeights.withUnsafeBufferPointer { weights in
            for unit in 0..<size { hidden[unit] = prompt[unit] }
            for feature in context {
                let row = Int(feature) * size
                for unit in 0..<size { hidden[unit] += weights[row + unit] }
            }
        }
        for unit in 0..<size { hidden[unit] = tanhf(hidden[unit]) }
    }

    /// The softmax over the outputs of a hidden state.
    func output(_ hidden: [Float], probabilities: inout [Float]) {
        let size = shape.hiddenSize
        outputWeights.withUnsafeBufferPointer { weights in
            var largest = -Float.infinity
            for output in 0..<Self.outputs {
                var sum = outputBias[output]
                let row = output * size
                for unit in 0..<size { sum += weights[row + unit] * hidden[unit] }
                probabilities[output] = sum
                largest = max(largest, sum)
            }
            var total: Float = 0
            for output in 0..<Self.outputs {
                let value = expf(probabilities[output] - largest)
                probabilities[output] = value
                total += value
            }
            for output in 0..<Self.outputs { probabilities[output] /= total }
        }
    }
}
