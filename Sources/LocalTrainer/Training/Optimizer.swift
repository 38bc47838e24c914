import Foundation

/// Gradients of one step, sparse in the feature rows, and the lazy Adam state that applies them
/// (only rows a step touched are updated, as PyTorch's SparseAdam does).
final class Optimizer {
    private let network: Network
    private let learningRate: Float
    /// Decoupled weight decay (AdamW): each step multiplies every weight by 1 − learningRate × weightDecay.
    private let weightDecay: Float
    var step = 0
    private let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8

    private var inputGradient: [Float]
    private var touchedRows: [Int32] = []
    private var rowTouched: [Bool]
    private var hiddenBiasGradient: [Float]
    private var outputWeightGradient: [Float]
    private var outputBiasGradient: [Float]
    /// Adam's first and second moments for the input weights, hidden bias, output weights and output bias.
    let moments: [Moments]

    init(network: Network, learningRate: Double, weightDecay: Double = 0) {
        self.network = network
        self.learningRate = Float(learningRate)
        self.weightDecay = Float(weightDecay)
        let hidden = network.shape.hiddenSize
        inputGradient = Array(repeating: 0, count: network.inputWeights.count)
        rowTouched = Array(repeating: false, count: network.shape.featureRows)
        hiddenBiasGradient = Array(repeating: 0, count: hidden)
        outputWeightGradient = Array(repeating: 0, count: network.outputWeights.count)
        outputBiasGradient = Array(repeating: 0, count: Network.outputs)
        moments = [network.inputWeights.count, hidden, network.outputWeights.count, Network.outputs].map { Moments(count: $0) }
    }

    /// Accumulates the gradient of `-scale · log p(target)` at the position the scratch holds.
    func accumulate(prompt: PromptFeatures, target: Int, scale: Float, scratch: inout StepScratch) {
        let size = network.shape.hiddenSize
        let (context, hidden, probabilities) = (scratch.context, scratch.hidden, scratch.probabilities)
        // Moved out, not copied, while the loops below write it.
        var hiddenGradient: [Float] = []
        swap(&hiddenGradient, &scratch.hiddenGradient)
        defer { swap(&hiddenGradient, &scratch.hiddenGradient) }
        for unit in 0..<size { hiddenGradient[unit] = 0 }
        network.outputWeights.withUnsafeBufferPointer { weights in
            outputWeightGradient.withUnsafeMutableBufferPointer { gradient in
                for output in 0..<Network.outputs {
                    let delta = (probabilities[output] - (output == target ? 1 : 0)) * scale
                    outputBiasGradient[output] += delta
                    let row = output * size
                    for unit in 0..<size {
                        gradient[row + unit] += delta * hidden[unit]
                        hiddenGradient[unit] += delta * weights[row + unit]
                    }
                }
            }
        }
        if scratch.keep.isEmpty {
            for unit in 0..<size { hiddenGradient[unit] *= 1 - hidden[unit] * hidden[unit] }
        } else {
            // Through the dropout factor, then tanh at its value before the factor.
            for unit in 0..<size { hiddenGradient[unit] *= scratch.keep[unit] * (1 - scratch.activation[unit] * scratch.activation[unit]) }
        }
        for unit in 0..<size { hiddenBiasGradient[unit] += hiddenGradient[unit] }
        let promptScale = network.shape.promptScale(squaredNorm: prompt.squaredNorm)
        inputGradient.withUnsafeMutableBufferPointer { gradient in
            func add(_ feature: Int32, _ factor: Float) {
                let index = Int(feature)
                if !rowTouched[index] {
                    rowTouched[index] = true
                    touchedRows.append(feature)
                }
                let row = index * size
                for unit in 0..<size { gradient[row + unit] += factor * hiddenGradient[unit] }
            }
            for (feature, weight) in zip(prompt.ids, prompt.weights) { add(feature, promptScale * weight) }
            for feature in context { add(feature, 1) }
        }
    }

    /// Applies the accumulated gradient with Adam and clears it.
    func apply() {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        let rate = learningRate * correction2.squareRoot() / correction1
        if weightDecay > 0 { decay() }
        let size = network.shape.hiddenSize
        for feature in touchedRows {
            let row = Int(feature) * size
            update(&network.inputWeights, &inputGradient, moments: moments[0], range: row..<(row + size), rate: rate)
            rowTouched[Int(feature)] = false
        }
        touchedRows.removeAll(keepingCapacity: true)
        update(&network.hiddenBias, &hiddenBiasGradient, moments: moments[1], range: 0..<size, rate: rate)
        update(&network.outputWeights, &outputWeightGradient, moments: moments[2], range: 0..<network.outputWeights.count, rate: rate)
        update(&network.outputBias, &outputBiasGradient, moments: moments[3], range: 0..<Network.outputs, rate: rate)
    }

    /// AdamW's decoupled decay, on every weight (PyTorch's order: before the Adam step).
    private func decay() {
        let factor = 1 - learningRate * weightDecay
        for index in network.inputWeights.indices { network.inputWeights[index] *= factor }
        for index in network.hiddenBias.indices { network.hiddenBias[index] *= factor }
        for index in network.outputWeights.indices { network.outputWeights[index] *= factor }
        for index in network.outputBias.indices { network.outputBias[index] *= factor }
    }

    private func update(_ weights: inout [Float], _ gradient: inout [Float], moments: Moments, range: Range<Int>, rate: Float) {
        moments.first.withUnsafeMutableBufferPointer { first in
            moments.second.withUnsafeMutableBufferPointer { second in
                weights.withUnsafeMutableBufferPointer { weights in
                    gradient.withUnsafeMutableBufferPointer { gradient in
                        for index in range {
                            let g = gradient[index]
                            first[index] = beta1 * first[index] + (1 - beta1) * g
                            second[index] = beta2 * second[index] + (1 - beta2) * g * g
                            weights[index] -= rate * first[index] / (second[index].squareRoot() + epsilon)
                            gradient[index] = 0
                        }
                    }
                }
            }
        }
    }
}

/// Adam's moment estimates for one parameter array.
final class Moments {
    var first: [Float]
    var second: [Float]

    init(count: Int) {
        first = Array(repeating: 0, count: count)
        second = Array(repeating: 0, count: count)
    }
}
