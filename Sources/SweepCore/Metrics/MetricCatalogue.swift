/// Which way a metric is better.
public enum Goal: String, Sendable, Codable {
    case minimize
    case maximize
}

/// The catalogue of metrics runs are ranked, filtered and shown by. Each is a summary column of the
/// ledger's `runs` table, kept current from one series and ranked through an index; the query
/// language, `best`, spec checks, the migrations' indexes and the views all read it from here.
public enum Metric: String, CaseIterable, Sendable, Hashable, Codable {
    case finalTrainLoss = "final_train_loss"
    case finalValidLoss = "final_valid_loss"
    case minValidLoss = "min_valid_loss"
    case fullValidLoss = "full_valid_loss"
    case fullValidAccuracy = "full_valid_accuracy"
    case classificationAccuracy = "classification_accuracy"
    case classificationPrecision = "classification_precision"
    case classificationRecall = "classification_recall"
    case classificationAUROC = "classification_auroc"
    case classificationAUPRC = "classification_auprc"
    case classificationF1 = "classification_f1"

    /// How the summary column follows its series.
    public enum Summary: String, Sendable {
        /// The value at the newest step that has one.
        case last
        case min
    }

    /// The metric that ranks a sweep whose spec names none.
    public static let `default` = Metric.fullValidLoss

    public var name: String { rawValue }

    /// The summary column in the ledger's `runs` table.
    public var column: String { rawValue }

    /// The series this metric summarises, and how.
    public var source: (series: MetricSeries, summary: Summary) {
        switch self {
        case .finalTrainLoss: (.trainLoss, .last)
        case .finalValidLoss: (.validLoss, .last)
        case .minValidLoss: (.validLoss, .min)
        case .fullValidLoss: (.fullValidLoss, .last)
        case .fullValidAccuracy: (.fullValidAccuracy, .last)
        case .classificationAccuracy: (.classificationAccuracy, .last)
        case .classificationPrecision: (.classificationPrecision, .last)
        case .classificationRecall: (.classificationRecall, .last)
        case .classificationAUROC: (.classificationAUROC, .last)
        case .classificationAUPRC: (.classificationAUPRC, .last)
        case .classificationF1: (.classificationF1, .last)
        }
    }

    /// Other names for the metric: its series and summary (`valid_loss:min`).
    public var aliases: [String] { ["\(source.series.rawValue):\(source.summary.rawValue)"] }

    public var goal: Goal {
        switch self {
        case .finalTrainLoss, .finalValidLoss, .minValidLoss, .fullValidLoss: .minimize
        default: .maximize
        }
    }

    /// The keys a checkpoint's metrics give this figure. Checkpoints carry full validation only, so
    /// only those metrics let a checkpoint compete with its run's final model.
    public var checkpointKeys: [String] {
        switch self {
        case .fullValidLoss, .fullValidAccuracy: source.series.keys
        default: []
        }
    }

    /// Whether the figure is measured on the validation file (else on the training file); figures on
    /// different files do not compete.
    public var isOnValidation: Bool { self != .finalTrainLoss }

    /// A short title for table columns.
    public var label: String {
        switch self {
        case .finalTrainLoss: "final train"
        case .finalValidLoss: "final valid"
        case .minValidLoss: "min valid"
        case .fullValidLoss: "full valid"
        case .fullValidAccuracy: "accuracy"
        case .classificationAccuracy: "class acc"
        case .classificationPrecision: "class prec"
        case .classificationRecall: "class recall"
        case .classificationAUROC: "class AUROC"
        case .classificationAUPRC: "class AUPRC"
        case .classificationF1: "class F1"
        }
    }

    /// Decimals a table shows: four for losses, three for rates.
    public var decimals: Int { goal == .minimize ? 4 : 3 }

    /// Where tables show the metric.
    public enum Visibility: Sendable {
        /// In every table of runs.
        case always
        /// In the report's full table only; compact tables show `min_valid_loss` instead.
        case report
        /// Only when some run has it (the legacy API's classification figures).
        case whenPresent
    }

    public var visibility: Visibility {
        switch self {
        case .finalTrainLoss, .minValidLoss, .fullValidLoss, .fullValidAccuracy: .always
        case .finalValidLoss: .report
        default: .whenPresent
        }
    }

    /// The metric a name or an alias (`valid_loss:min`) names.
    public init?(named name: String) {
        guard let metric = Self.byName[name] else { return nil }
        self = metric
    }

    /// Every name and alias, for help texts, did-you-mean hints and spec checks.
    public static let names: [String] = allCases.flatMap { [$0.name] + $0.aliases }

    private static let byName: [String: Metric] = Dictionary(
        uniqueKeysWithValues: allCases.flatMap { metric in ([metric.name] + metric.aliases).map { ($0, metric) } })
}
