
/// A knob of the local trainer beyond OpenAI's three, declared once as data: jobs read and check
/// it from here, and the local provider's parameter schema for sweep specs is made from `all`.
public struct LocalHyperparameter: Sendable, Equatable {
    public enum Kind: String, Sendable { case int, number }

    /// The name in a job's `hyperparameters` and in a sweep spec.
    public let name: String
    public let kind: Kind
    /// The values a job may ask for, bounds included.
    public let range: ClosedRange<Double>
    /// The value that absence or `auto` stands for; nil where it is the base model's own.
    public let defaultValue: Double?
    /// One line for people: what the knob does.
    public let summary: String

    public static let weightDecay = LocalHyperparameter(
        name: "weight_decay", kind: .number, range: 0...1, defaultValue: 0,
        summary: "decoupled weight decay (AdamW): each step shrinks every weight by learning rate × weight_decay")
    public static let dropout = LocalHyperparameter(
        name: "dropout", kind: .number, range: 0...0.9, defaultValue: 0,
        summary: "the share of hidden units zeroed at each training position (inverted dropout, seeded; never at inference)")
    public static let hiddenWidth = LocalHyperparameter(
        name: "hidden_width", kind: .int, range: 1...1024, defaultValue: nil,
        summary: "units in the tanh layer of a fresh base model (local-small 16, local-base 64)")

    public static let initScale = LocalHyperparameter(
        name: "init_scale", kind: .number, range: 0...1, defaultValue: 0.1,
        summary: "the standard deviation of a fresh base model's feature rows; 0: features never seen in training add nothing")
    public static let promptNorm = LocalHyperparameter(
        name: "prompt_norm", kind: .number, range: 0...1, defaultValue: 0,
        summary: "the prompt's summed feature rows are divided by (feature count)^prompt_norm: 0 a sum, 0.5 the root, 1 the mean")
    public static let wordPairs = LocalHyperparameter(
        name: "word_pairs", kind: .int, range: 0...1, defaultValue: 1,
        summary: "1: adjacent word pairs are prompt features beside the words; 0: words only")
    public static let wordCounts = LocalHyperparameter(
        name: "word_counts", kind: .int, range: 0...1, defaultValue: 0,
        summary: "1: a word or pair said k times in the prompt weighs 1 + ln k (sublinear term frequency); 0: each weighs 1")
    public static let idf = LocalHyperparameter(
        name: "idf", kind: .int, range: 0...1, defaultValue: 0,
        summary: "1: each prompt feature's weight is multiplied by its inverse document frequency in the training file (0 where it never occurs); 0: not")

    /// Every local knob, in the order they are documented. The last six shape a fresh base model.
    public static let all = [weightDecay, dropout, hiddenWidth, initScale, promptNorm, wordPairs, wordCounts, idf]
    /// The knobs that shape a fresh base model, so a fine-tune (which keeps its shape) refuses them.
    public static let shaping = [hiddenWidth, initScale, promptNorm, wordPairs, wordCounts, idf]

    public static func named(_ name: String) -> LocalHyperparameter? { all.first { $0.name == name } }

    /// The value a job asks for, checked against the kind and range; nil when absent or `auto`.
    public func value(in hyperparameters: [String: ParamValue]) throws(LocalHyperparameterError) -> Double? {
        guard let given = hyperparameters[name], given != .auto else { return nil }
        let number: Double? = kind == .int ? given.int.map(Double.init) : given.double
        guard let number, number.isFinite, range.contains(number) else {
            throw LocalHyperparameterError(parameter: self, given: given)
        }
        return number
    }

    /// The knob as a sweep spec declares it: `auto` (or absent) is its default.
    public var declaration: ParameterDeclaration {
        let kind: ParameterDeclaration.Kind = switch self.kind {
        case .int: .wholeNumber(Int(range.lowerBound)...Int(range.upperBound))
        case .number: .number(lowerBound: range.lowerBound, includesLowerBound: true, upperBound: range.upperBound)
        }
        return ParameterDeclaration(ParameterName(name), kind, allowsAuto: true, summary: summary)
    }

    /// "a number from 0 to 0.9", "a whole number from 1 to 1024".
    public var allowed: String {
        let bounds = "from \(ParamValue.number(range.lowerBound)) to \(ParamValue.number(range.upperBound))"
        return kind == .int ? "a whole number \(bounds)" : "a number \(bounds)"
    }
}

/// A job asked for a local knob's value outside what the knob takes.
public struct LocalHyperparameterError: Error, Equatable, Sendable, CustomStringConvertible {
    public let parameter: LocalHyperparameter
    public let given: ParamValue

    public var description: String { "\(parameter.name) must be \(parameter.allowed) or auto; got \(given)" }
}
