import Ledger
import SweepCore

extension Launcher {
    /// Asks a succeeded run's model the validation file's questions when the sweep ranks by their score,
    /// before its slot frees, so the ranking and the sampler's next suggestion see the figure. A failure
    /// leaves the run succeeded without it, with an event saying why, for `collect` or a resume to score.
    func scoreOnValidation(_ run: Int, metric: String) async {
        guard ValidationScoring.isNeeded(for: metric), let record = try? ledger.run(run) else { return }
        do {
            _ = try await ValidationScoring(ledger: ledger).score(record, provider: provider)
        } catch let error where !Task.isCancelled {
            try? ledger.recordEvents([(
                id: ValidationScoring.failureEventID, createdAt: Self.unixNow(), level: "error", type: ValidationScoring.failureEventID,
                message: "not scored on the validation file (ftsweep collect tries again): \(error)", dataJSON: nil
            )], run: run)
        } catch {}
    }

    /// Scores the sweep's earlier succeeded runs that lack the figure (a launcher stopped while scoring,
    /// or scoring failed), before any new trial: a resumed sweep ranks and learns from every result.
    func scoreEarlierRuns(sweep: String, metric: String) async {
        for run in (try? ValidationScoring(ledger: ledger).unscored(sweep: sweep, metric: metric)) ?? [] {
            await scoreOnValidation(run.id, metric: metric)
        }
    }
}
