import Foundation
import Ledger
import Providers
import SweepCore

/// Scores a succeeded run's model on the run's own validation file, through the provider that trained
/// it, for a sweep ranked by a figure of that evaluation (`Metric.isScoredOnValidation`): the launcher
/// does it as each trial ends, `collect` for runs that ended later. Stored as `eval` stores it (one
/// evaluation per model and file digest), which also writes the run's summary columns; a model already
/// evaluated on those bytes is not asked again.
struct ValidationScoring {
    let ledger: Ledger

    /// Questions in flight at once, per model (`eval`'s default).
    static let maxParallel = 4

    /// The id and type of the event a run gets when its model could not be scored (recorded once).
    static let failureEventID = "validation_scoring_failed"

    /// Whether a sweep ranked by `metric` scores its models on the validation file.
    static func isNeeded(for metric: String) -> Bool { Metric(named: metric)?.isScoredOnValidation == true }

    /// The sweep's succeeded runs that lack its figure on the validation file.
    func unscored(sweep: String, metric: String) throws -> [RunRecord] {
        guard Self.isNeeded(for: metric) else { return [] }
        return try ledger.runs(RunQuery(sweep: sweep, states: [.succeeded], filter: .isNull(field: metric, negated: false, column: 0)))
    }

    /// The run's evaluation on its validation file, asked for now unless stored; nil for a run without a
    /// model or a validation file. The file is read from a path the ledger saw it at that still holds its bytes.
    nonisolated(nonsending) func score(_ run: RunRecord, provider: any FineTuningProvider) async throws -> EvaluationRecord? {
        guard run.state == .succeeded, let model = run.fineTunedModel, let digest = run.validationDigest else { return nil }
        if let stored = try ledger.evaluation(model: model, testDigest: digest) { return stored }
        let paths = try ledger.datasets(digests: [digest]).flatMap(\.paths).sorted { $0.lastSeenAt > $1.lastSeenAt }.map(\.path)
        let testSet = try Self.testSet(digest: digest, paths: paths)
        let answers: [String]
        do {
            answers = try await Evaluation(maxParallel: Self.maxParallel).answers(model: model, testSet: testSet, provider: provider)
            await provider.doneAsking(model: model)
        } catch {
            await provider.doneAsking(model: model)
            throw error
        }
        return try ledger.saveEvaluation(Evaluation.record(model: model, runID: run.id, testSet: testSet, answers: answers))
    }

    /// The run's validation file as a test set, from the first path that still holds the bytes it was validated on.
    static func testSet(digest: String, paths: [String]) throws -> TestSet {
        var problem: EvaluationError?
        for path in paths {
            do {
                let testSet = try TestSet.load(path)
                if testSet.digest == digest { return testSet }
                problem = .unreadable(path: path, reason: "the file changed since the run was validated on it (\(digest))")
            } catch {
                problem = problem ?? error
            }
        }
        throw problem ?? .unreadable(path: "the validation file", reason: "the ledger knows no path holding \(digest)")
    }
}
