import Foundation
import SweepCore

extension Ledger {
    /// Stores an evaluation, replacing an earlier one of the same model on the same test set. When the
    /// test set is the validation file of the run that made the model, its figures are also that run's
    /// `valid_exact_match` and `valid_macro_f1` (the catalogue's figures of an evaluation), in the same transaction.
    @discardableResult
    public func saveEvaluation(_ record: EvaluationRecord) throws -> EvaluationRecord {
        let details = (try? JSONEncoder().encode(record.details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return try database.transaction {
            try insertEvaluation(record, details: details)
            try database.statement("""
                UPDATE runs SET \(Self.validationFigures) WHERE fine_tuned_model = ? AND validation_digest = ?
                """).run([.text(record.model), .text(record.testDigest)])
            guard let saved = try evaluation(model: record.model, testDigest: record.testDigest) else {
                throw LedgerError.notFound(what: "evaluation", key: record.model)
            }
            return saved
        }
    }

    private func insertEvaluation(_ record: EvaluationRecord, details: String) throws(LedgerError) {
        try database.statement("""
            INSERT OR REPLACE INTO evaluations (model, run_id, test_digest, test_path, kind, examples, exact_matches, accuracy,
                macro_precision, macro_recall, macro_f1, token_f1, details_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
            .text(record.model), SQLValue(record.runID), .text(record.testDigest), .text(record.testPath), .text(record.kind.rawValue),
            .integer(Int64(record.examples)), .integer(Int64(record.exactMatches)), .real(record.accuracy), SQLValue(record.macroPrecision),
            SQLValue(record.macroRecall), SQLValue(record.macroF1), .real(record.tokenF1), .text(details), .text(Ledger.now()),
        ])
    }

    /// The stored evaluation of `model` on the test set with this digest, if any.
    public func evaluation(model: String, testDigest: String) throws(LedgerError) -> EvaluationRecord? {
        try database.statement("\(Self.evaluationColumns) WHERE model = ? AND test_digest = ?")
            .rows([.text(model), .text(testDigest)]).first.map(Self.makeEvaluation)
    }

    /// Every evaluation of these models, newest first.
    public func evaluations(models: [String]) throws(LedgerError) -> [EvaluationRecord] {
        guard !models.isEmpty else { return [] }
        return try database.statement("\(Self.evaluationColumns) WHERE model IN (\(models.map { _ in "?" }.joined(separator: ", "))) ORDER BY id DESC")
            .rows(models.map(SQLValue.text)).map(Self.makeEvaluation)
    }

    /// Each of these models' evaluation on the ledger's newest test set, by model: the figures
    /// `--sort eval.NAME` ranks by, never mixing two test sets.
    public func latestEvaluations(models: [String]) throws(LedgerError) -> [String: EvaluationRecord] {
        guard let newest = try database.statement("SELECT test_digest FROM evaluations ORDER BY id DESC LIMIT 1").scalar()?.string else { return [:] }
        return EvaluationRecord.newestByModel(try evaluations(models: models).filter { $0.testDigest == newest })
    }

    /// Each catalogue figure of an evaluation, copied from the run's model's evaluation on the run's validation file.
    private static let validationFigures = Metric.allCases.compactMap { metric in
        metric.evaluationColumn.map { column in
            "\(metric.column) = (SELECT e.\(column) FROM evaluations e WHERE e.model = runs.fine_tuned_model AND e.test_digest = runs.validation_digest)"
        }
    }.joined(separator: ", ")

    private static let evaluationColumns = """
        SELECT id, model, run_id, test_digest, test_path, kind, examples, exact_matches, accuracy, macro_precision, macro_recall,
            macro_f1, token_f1, details_json, created_at FROM evaluations
        """

    private static func makeEvaluation(_ row: Row) -> EvaluationRecord {
        let details = row["details_json"].string.flatMap { try? JSONDecoder().decode(EvaluationRecord.Details.self, from: Data($0.utf8)) } ?? .init()
        var record = EvaluationRecord(
            model: row["model"].string ?? "", runID: row["run_id"].int, testDigest: row["test_digest"].string ?? "",
            testPath: row["test_path"].string ?? "", kind: EvaluationRecord.Kind(rawValue: row["kind"].string ?? "") ?? .text,
            examples: row["examples"].int ?? 0, exactMatches: row["exact_matches"].int ?? 0, macroPrecision: row["macro_precision"].double,
            macroRecall: row["macro_recall"].double, macroF1: row["macro_f1"].double, tokenF1: row["token_f1"].double ?? 0, details: details)
        record.id = row["id"].int ?? 0
        record.accuracy = row["accuracy"].double ?? 0
        record.createdAt = row["created_at"].string ?? ""
        return record
    }
}
