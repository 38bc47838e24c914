import Foundation

/// A local model: a base model's network, fresh or fine-tuned, with the name it is known by.
public final class LocalModel: @unchecked Sendable {
    // @unchecked Sendable: `network` is never mutated once a LocalModel holds it (training works on a copy).
    public let name: String
    public let base: LocalBaseModel
    let network: Network

    init(name: String, base: LocalBaseModel, network: Network) {
        self.name = name
        self.base = base
        self.network = network
    }

    /// A base model with fresh weights from the seed; `initScale` is the spread of the feature rows
    /// (nil: the usual 0.1).
    public static func fresh(_ base: LocalBaseModel, seed: UInt64, initScale: Double? = nil) -> LocalModel {
        LocalModel(name: base.name, base: base, network: Network(shape: base, seed: seed, initScale: initScale ?? Network.initScale))
    }

    /// The same kind of model with other weights (a training result).
    func continued(_ network: Network) -> LocalModel {
        LocalModel(name: name, base: base, network: network)
    }

    /// The model under a new name (a fine-tune is named when it is saved).
    public func named(_ name: String) -> LocalModel {
        LocalModel(name: name, base: base, network: network)
    }

    /// The answer to a conversation, greedy byte by byte until the end marker or `maxBytes`.
    public func reply(to messages: [(role: String, content: String)], maxBytes: Int = 256) -> String {
        let prompt = network.promptActivation(base.promptFeatures(messages.map { ($0.role, $0.content) }))
        var scratch = StepScratch(hidden: base.hiddenSize)
        var output: [Int16] = []
        while output.count < maxBytes {
            Features.context(output[...], bits: base.featureBits, into: &scratch.context)
            network.forward(prompt: prompt, context: scratch.context, hidden: &scratch.hidden, probabilities: &scratch.probabilities)
            let next = scratch.probabilities.argmax
            if next == Int(ExampleReader.endOfText) { break }
            output.append(Int16(next))
        }
        return String(decoding: output.map { UInt8($0) }, as: UTF8.self)
    }
}
