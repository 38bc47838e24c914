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
    /// Whether a feature seen k times in the prompt weighs 1 + ln k; nil: every feature weighs 1.
    public var wordCounts: Bool?
    /// With `idf`: the training file's document frequencies, which weigh each prompt feature; nil: none.
    public var documentFrequencies: DocumentFrequencies?

    public init(
        name: String, hiddenSize: Int, featureBits: Int, baseLearningRate: Double, promptNorm: Double? = nil, wordPairs: Bool? = nil,
        wordCounts: Bool? = nil, documentFrequencies: DocumentFrequencies? = nil
    ) {
        self.name = name
        self.hiddenSize = hiddenSize
        self.featureBits = featureBits
        self.baseLearningRate = baseLearningRate
        self.promptNorm = promptNorm
        self.wordPairs = wordPairs
        self.wordCounts = wordCounts
        self.documentFrequencies = documentFrequencies
    }

    public static let small = LocalBaseModel(name: "local-small", hiddenSize: 16, featureBits: 11, baseLearningRate: 0.01)
    public static let base = LocalBaseModel(name: "local-base", hiddenSize: 64, featureBits: 15, baseLearningRate: 0.005)

    public static let all = [small, base]

    public static func named(_ name: String) -> LocalBaseModel? { all.first { $0.name == name } }

    var featureRows: Int { 1 << featureBits }

    /// The factor on a prompt's weighted rows: exactly 1 without `promptNorm`, so old models answer as
    /// before; with weights of 1 the squared norm is the feature count, as it was before word counts.
    func promptScale(squaredNorm: Double) -> Float {
        guard let power = promptNorm, power != 0 else { return 1 }
        return Float(pow(max(1, squaredNorm), -power))
    }

    func promptFeatures(_ messages: [(role: String, text: String)]) -> PromptFeatures {
        let features = Features.prompt(messages, bits: featureBits, wordPairs: wordPairs ?? true, wordCounts: wordCounts ?? false)
        return documentFrequencies?.weighing(features) ?? features
    }
}
