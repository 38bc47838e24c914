/// How a model answered one test set: the summary figures ranking and promotion read, and the
/// details a report shows. One record per (model, test-set digest).
public struct EvaluationRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The references are a small set of short answers: classifier figures.
        case labels
        /// Free-form references: exact match and token F1.
        case text
    }

    public var id: Int
    public var model: String
    /// The run that produced the model, when the ledger knows one.
    public var runID: Int?
    public var testDigest: String
    public var testPath: String
    public var kind: Kind
    public var examples: Int
    public var exactMatches: Int
    /// Exact matches over examples (for labels: accuracy).
    public var accuracy: Double
    public var macroPrecision: Double?
    public var macroRecall: Double?
    public var macroF1: Double?
    /// Mean token-overlap F1 (SQuAD style) over examples.
    public var tokenF1: Double
    public var details: Details
    public var createdAt: String

    /// What the summary columns do not hold: per-class figures, the confusion matrix, the answers.
    public struct Details: Sendable, Equatable, Codable {
        public var classes: [ClassScore]
        /// Rows are references, columns predictions, both in `classes` order.
        public var confusion: [[Int]]
        /// The model's answer to each test example, in file order.
        public var answers: [String]

        public init(classes: [ClassScore] = [], confusion: [[Int]] = [], answers: [String] = []) {
            self.classes = classes
            self.confusion = confusion
            self.answers = answers
        }
    }

    /// One class's figures. Precision is 0 when the class is never predicted, recall 0 when it is
    /// never a reference (scikit-learn's `zero_division=0`).
    public struct ClassScore: Sendable, Equatable, Codable {
        public var label: String
        /// References with this label.
        public var support: Int
        /// Answers with this label.
        public var predicted: Int
        public var truePositives: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double

        public init(label: String, support: Int, predicted: Int, truePositives: Int) {
            self.label = label
            self.support = support
            self.predicted = predicted
            self.truePositives = truePositives
            precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
            recall = support == 0 ? 0 : Double(truePositives) / Double(support)
            f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        }
    }

    public init(
        model: String, runID: Int?, testDigest: String, testPath: String, kind: Kind, examples: Int, exactMatches: Int,
        macroPrecision: Double?, macroRecall: Double?, macroF1: Double?, tokenF1: Double, details: Details
    ) {
        self.id = 0
        self.model = model
        self.runID = runID
        self.testDigest = testDigest
        self.testPath = testPath
        self.kind = kind
        self.examples = examples
        self.exactMatches = exactMatches
        self.accuracy = examples == 0 ? 0 : Double(exactMatches) / Double(examples)
        self.macroPrecision = macroPrecision
        self.macroRecall = macroRecall
        self.macroF1 = macroF1
        self.tokenF1 = tokenF1
        self.details = details
        self.createdAt = ""
    }

    /// A summary figure by its query name (`accuracy`, `macro_f1`, …), as `eval.NAME` sorts and compares.
    public func metric(_ name: String) -> Double? {
        switch name {
        case "accuracy", "exact_match": accuracy
        case "macro_precision": macroPrecision
        case "macro_recall": macroRecall
        case "macro_f1": macroF1
        case "token_f1": tokenF1
        default: nil
        }
    }

    /// The first record of each model in `records` (newest first, as the ledger returns them), by model.
    public static func newestByModel(_ records: [EvaluationRecord]) -> [String: EvaluationRecord] {
        Dictionary(records.map { ($0.model, $0) }) { newer, _ in newer }
    }

    /// The summary figures `eval.NAME` can name, with their columns; higher is better for all.
    public static let metricColumns: [String: String] = [
        "accuracy": "accuracy", "exact_match": "accuracy", "macro_precision": "macro_precision", "macro_recall": "macro_recall",
        "macro_f1": "macro_f1", "token_f1": "token_f1",
    ]
}
