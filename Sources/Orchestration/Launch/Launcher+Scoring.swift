import Datasets
import Ledger
import SweepCore

extension Launcher {
    /// Asks a succeeded run's model the validation file's questions when the sweep ranks by their score,
    /// before its slot frees, so the ranking and the sampler's next suggestion see the figure. A failure
    /// leaves the run succeeded without it, with an event saying why, for `collect` to score later.
    func scoreOnValidation(_ run: Int, plan: SweepPlan) async {
        guard ValidationScoring.isNeeded(for: plan.spec.metric.name), let validation = plan.validation, let record = try? ledger.run(run) else { return }
        do {
            _ = try await ValidationScoring(ledger: ledger).score(record, paths: [validation.path], provider: provider)
        } catch let error where !Task.isCancelled {
            try? ledger.recordEvents([(
                id: ValidationScoring.failureEventID, createdAt: Self.unixNow(), level: "error", type: ValidationScoring.failureEventID,
                message: "not scored on the validation file (ftsweep collect tries again): \(error)", dataJSON: nil
            )], run: run)
        } catch {}
    }
}
