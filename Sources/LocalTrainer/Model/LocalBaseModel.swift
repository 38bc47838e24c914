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

    public static let small = LocalBaseModel(name: "local-small", hiddenSize: 16, featureBits: 11, baseLearningRate: 0.01)
    public static let base = LocalBaseModel(name: "local-base", hiddenSize: 64, featureBits: 15, baseLearningRate: 0.005)

    public static let all = [small, base]

    public static func named(_ name: String) -> LocalBaseModel? { all.first { $0.name == name } }

    var featureRows: Int { 1 << featureBits }
}
