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
    /// The share of the validation file's examples whose reference answer the run's model gives exactly,
    /// asked through its provider once the run succeeds (as `ftsweep eval` scores a test file).
    case validExactMatch = "valid_exact_match"
    /// The macro F1 of those answers when the references are labels (as `eval` reports `macro_f1`).
    case validMacroF1 = "valid_macro_f1"

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

    /// Where the summary column's figure comes from.
    public enum Source: Sendable, Equatable {
        /// A series the run reports step by step, summarised whenever its rows are written.
        case series(MetricSeries, Summary)
        /// A figure (a column of the ledger's `evaluations`) of the run's model on the run's own
        /// validation file, written when that evaluation is stored.
        case validationEvaluation(column: String)
    }

    public var source: Source {
        switch self {
        case .finalTrainLoss: .series(.trainLoss, .last)
        case .finalValidLoss: .series(.validLoss, .last)
        case .minValidLoss: .series(.validLoss, .min)
        case .fullValidLoss: .series(.fullValidLoss, .last)
        case .fullValidAccuracy: .series(.fullValidAccuracy, .last)
        case .classificationAccuracy: .series(.classificationAccuracy, .last)
        case .classificationPrecision: .series(.classificationPrecision, .last)
        case .classificationRecall: .series(.classificationRecall, .last)
        case .classificationAUROC: .series(.classificationAUROC, .last)
        case .classificationAUPRC: .series(.classificationAUPRC, .last)
        case .classificationF1: .series(.classificationF1, .last)
        case .validExactMatch: .validationEvaluation(column: "accuracy")
        case .validMacroF1: .validationEvaluation(column: "macro_f1")
        }
    }

    /// The series this metric summarises, and how; nil for a figure of an evaluation.
    public var series: (series: MetricSeries, summary: Summary)? {
        guard case let .series(series, summary) = source else { return nil }
        return (series, summary)
    }

    /// The `evaluations` column this metric copies, for a figure of the run's model on its validation file.
    public var evaluationColumn: String? {
        guard case let .validationEvaluation(column) = source else { return nil }
        return column
    }

    /// Whether the run's model must be asked the validation file's questions for this figure.
    public var isScoredOnValidation: Bool { evaluationColumn != nil }

    /// Other names for the metric: its series and summary (`valid_loss:min`).
    public var aliases: [String] { series.map { ["\($0.series.rawValue):\($0.summary.rawValue)"] } ?? [] }

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
        case .fullValidLoss, .fullValidAccuracy: series?.series.keys ?? []
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
        case .validExactMatch: "valid EM"
        case .validMacroF1: "valid mF1"
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
        /// Only when some run has it (the legacy API's classification figures, answers scored on the validation file).
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

    /// What to write instead of a name that is a per-step series, not a ranking metric, when its meaning
    /// is easily mistaken: the trainer's sampled token accuracy is not an accuracy of the model's answers.
    public static func replacement(for name: String) -> String? {
        guard name == MetricSeries.validAccuracy.rawValue else { return nil }
        return "\(name) is the trainer's token accuracy on sampled validation batches, kept per step but not ranked; "
            + "write \(Metric.validExactMatch.name) to rank by the models' answers on the validation file (scored as eval does), "
            + "or \(Metric.fullValidAccuracy.name) for the token accuracy on the whole file"
    }

    /// Every name and alias, for help texts, did-you-mean hints and spec checks.
    public static let names: [String] = allCases.flatMap { [$0.name] + $0.aliases }

    private static let byName: [String: Metric] = Dictionary(
        uniqueKeysWithValues: allCases.flatMap { metric in ([metric.name] + metric.aliases).map { ($0, metric) } })
}
