/// A figure a run reports step by step: one column of the ledger's `metrics` table, under every name
/// that events, trainers' `metrics.jsonl`, result CSVs (current and legacy) and checkpoints give it.
public enum MetricSeries: String, CaseIterable, Sendable, Hashable, Codable {
    case trainLoss = "train_loss"
    case trainAccuracy = "train_accuracy"
    case validLoss = "valid_loss"
    case validAccuracy = "valid_accuracy"
    case fullValidLoss = "full_valid_loss"
    case fullValidAccuracy = "full_valid_accuracy"
    // The legacy `/v1/fine-tunes` API's `compute_classification_metrics`, at the end of each epoch.
    case classificationAccuracy = "classification_accuracy"
    case classificationPrecision = "classification_precision"
    case classificationRecall = "classification_recall"
    case classificationAUROC = "classification_auroc"
    case classificationAUPRC = "classification_auprc"
    case classificationF1 = "classification_f1"

    /// The ledger's column (in `metrics`) and the series' name in `valid_loss:lastN`.
    public var column: String { rawValue }

    /// The name ftsweep writes in metrics events and checkpoints (OpenAI's).
    public var eventKey: String { keys[0] }

    /// Every name a file or an event may give the series, `eventKey` first.
    public var keys: [String] {
        switch self {
        case .trainLoss: [rawValue, "training_loss"]
        case .trainAccuracy: ["train_mean_token_accuracy", rawValue, "training_token_accuracy"]
        case .validLoss: [rawValue, "validation_loss"]
        case .validAccuracy: ["valid_mean_token_accuracy", rawValue, "validation_token_accuracy"]
        case .fullValidLoss: [rawValue]
        case .fullValidAccuracy: ["full_valid_mean_token_accuracy", rawValue]
        case .classificationAccuracy: [rawValue, "classification/accuracy"]
        case .classificationPrecision: [rawValue, "classification/precision"]
        case .classificationRecall: [rawValue, "classification/recall"]
        case .classificationAUROC: [rawValue, "classification/auroc"]
        case .classificationAUPRC: [rawValue, "classification/auprc"]
        case .classificationF1: [rawValue, "classification/f1.0"]
        }
    }

    /// Whether `NAME:lastN` (the mean of the last N values, read from `metrics`) is a field and a sort key.
    public var averagesLast: Bool { self == .trainLoss || self == .validLoss }

    /// The series a name in a file or an event sets, or nil for a name ftsweep does not keep.
    public init?(key: String) {
        guard let series = Self.byKey[key] else { return nil }
        self = series
    }

    private static let byKey: [String: MetricSeries] = Dictionary(
        allCases.flatMap { series in series.keys.map { ($0, series) } }, uniquingKeysWith: { first, _ in first })
}
