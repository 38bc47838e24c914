import Ledger

/// `eval` as text: one summary row per model, then, for classifiers, per-class figures and the
/// confusion matrix of each model.
public struct EvaluationView {
    public var records: [EvaluationRecord]
    /// Models whose figures came from the ledger rather than a new evaluation.
    public var reused: Set<String>

    public init(_ records: [EvaluationRecord], reused: Set<String> = []) {
        self.records = records
        self.reused = reused
    }

    public func render() -> String {
        var summary = TextTable([
            .init("MODEL"), .init("RUN", .right), .init("N", .right), .init("ACCURACY", .right), .init("MACRO P", .right),
            .init("MACRO R", .right), .init("MACRO F1", .right), .init("TOKEN F1", .right), .init("SOURCE"),
        ])
        for record in records {
            summary.add([
                record.model, record.runID.map(String.init) ?? "-", String(record.examples), Self.figure(record.accuracy),
                Self.figure(record.macroPrecision), Self.figure(record.macroRecall), Self.figure(record.macroF1), Self.figure(record.tokenF1),
                reused.contains(record.model) ? "ledger" : "new",
            ])
        }
        var sections = [summary.render()]
        for record in records where record.kind == .labels && record.details.classes.count <= 30 {
            sections.append(classes(record))
        }
        if let test = records.first { sections.append("test set \(test.testPath) (\(test.testDigest.prefix(19))…), \(test.kind == .labels ? "labels" : "free text")") }
        return sections.joined(separator: "\n\n")
    }

    /// Per-class precision, recall and F1 beside the confusion-matrix row of each reference label.
    func classes(_ record: EvaluationRecord) -> String {
        let labels = record.details.classes.map(\.label)
        var table = TextTable(
            [.init("LABEL"), .init("SUPPORT", .right), .init("PREDICTED", .right), .init("PRECISION", .right), .init("RECALL", .right), .init("F1", .right), .init("│")]
                + labels.indices.map { .init("→\($0 + 1)", .right) })
        for (index, score) in record.details.classes.enumerated() {
            let row = record.details.confusion.indices.contains(index) ? record.details.confusion[index].map(String.init) : []
            table.add(["\(index + 1) \(score.label)", String(score.support), String(score.predicted), Self.figure(score.precision),
                       Self.figure(score.recall), Self.figure(score.f1), "│"] + row)
        }
        let majority = Double(record.details.classes.map(\.support).max() ?? 0) / Double(max(1, record.examples))
        return "\(record.model): accuracy \(Self.figure(record.accuracy)) (\(record.exactMatches)/\(record.examples)), "
            + "majority baseline \(Self.figure(majority)); rows are references, →k columns answers\n" + table.render()
    }

    static func figure(_ value: Double?) -> String { value.map { Formatting.fixed($0, 3) } ?? "-" }
}
