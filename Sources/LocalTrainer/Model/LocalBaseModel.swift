import Foundation

/// The local trainer's base models: the same network at different capacity, so the `model` axis of
/// a sweep means something. `docs/local-trainer.md` documents each.
public struct LocalBaseModel: Sendable, Equatable, Codable {
    public var name: String
    /// Units in the hidden layer.
    public var hiddenSize: Int
    /// log2 of the hashed feature rows: fewer rows, more collisions, less capacity.
    public var featureBits: Int
    /// The learning rate that `learning_rate_multiplier` scales (Adam).
    public var baseLearningRate: Double
    /// The prompt's summed feature rows are divided by (their count)^promptNorm; nil: 0, a plain sum.
    public var promptNorm: Double?
    /// Whether adjacent word pairs are prompt features; nil: they are.
    public var wordPairs: Bool?

    public init(name: String, hiddenSize: Int, featureBits: Int, baseLearningRate: Double, promptNorm: Double? = nil, wordPairs: Bool? = nil) {
        self.name = name
        self.hiddenSize = hiddenSize
        self.featureBits = featureBits
        self.baseLearningRate = baseLearningRate
        self.promptNorm = promptNorm
        self.wordPairs = wordPairs
    }

    public static let small = LocalBaseModel(name: "local-small", hiddenSize: 16, featureBits: 11, baseLearningRate: 0.01)
    public static let base = LocalBaseModel(name: "local-base", hiddenSize: 64, featureBits: 15, baseLearningRate: 0.005)

    public static let all = [small, base]

    public static func named(_ name: String) -> LocalBaseModel? { all.first { $0.name == name } }

    var featureRows: Int { 1 << featureBits }

    /// The factor on a prompt's summed rows: exactly 1 without `promptNorm`, so old models answer as before.
    func promptScale(features: Int) -> Float {
        guard let power = promptNorm, power != 0 else { return 1 }
        return Float(pow(Double(max(1, features)), -power))
    }

    func promptFeatures(_ messages: [(role: String, text: String)]) -> [Int32] {
        Features.prompt(messages, bits: featureBits, wordPairs: wordPairs ?? true)
    }
}
