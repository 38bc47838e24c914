import Foundation
import Ledger
import Providers
import SweepCore

/// What one collection pass did.
public struct CollectOutcome: Sendable, Equatable {
    /// Runs polled, runs that ended in this pass, and runs still going.
    public var polled: Int
    public var finished: [Int]
    public var pending: Int
    /// Runs whose provider could not be reached, with the reason.
    public var unreachable: [Int: String]
    /// Succeeded runs of sweeps ranked by a score on the validation file whose model was scored in this
    /// pass, and those that could not be, with the reason (tried again by the next pass).
    public var scored: [Int] = []
    public var unscored: [Int: String] = [:]
}

/// Polls providers for every run that has a job and has not ended: new events (from the last one
/// stored), the job's state, and on success the result file and checkpoints. Idempotent.
public actor Collector {
    private let ledger: Ledger
    private let providers: @Sendable (_ providerKey: String, _ sweep: String?) -> (any FineTuningProvider)?

    /// `providers` gives the provider of a run from its key and its sweep (whose spec holds the endpoint's settings).
    public init(ledger: sending Ledger, providers: @escaping @Sendable (String, String?) -> (any FineTuningProvider)?) {
        self.ledger = ledger
        self.providers = providers
    }

    public func collect(sweeps: [String]) async throws -> CollectOutcome {
        let runs = try ledger.runsToCollect(sweeps: sweeps)
        var outcome = CollectOutcome(polled: runs.count, finished: [], pending: 0, unreachable: [:])
        for run in runs {
            guard let job = run.jobID, let provider = providers(run.provider, run.sweepName) else {
                outcome.unreachable[run.id] = "no provider \(run.provider) is configured"
                continue
            }
            do {
                let ingest = JobIngest(ledger: ledger)
                let snapshot = try await ingest.poll(JobID(job), on: provider, run: run.id, after: try ledger.lastEventID(run: run.id)).snapshot
                if snapshot.status.isTerminal {
                    try ingest.finish(try await JobIngest.Final.fetch(snapshot, from: provider), run: run.id)
                    outcome.finished.append(run.id)
                } else {
                    try ledger.setRunState(run.id, snapshot.status.runState)
                    outcome.pending += 1
                }
            } catch {
                outcome.unreachable[run.id] = "\(error)"
            }
        }
        try await score(sweeps: sweeps, into: &outcome)
        return outcome
    }

    /// Scores the models of succeeded runs that lack their sweep's figure on the validation file: jobs
    /// that ended after their launch, and scores a launch could not get.
    private func score(sweeps: [String], into outcome: inout CollectOutcome) async throws {
        let scoring = ValidationScoring(ledger: ledger)
        for sweep in try ledger.sweeps() where sweeps.isEmpty || sweeps.contains(where: { $0 == sweep.name || $0 == String(sweep.id) }) {
            for run in try scoring.unscored(sweep: sweep.name, metric: sweep.metric) {
                guard let provider = providers(run.provider, run.sweepName) else {
                    outcome.unscored[run.id] = "no provider \(run.provider) is configured"
                    continue
                }
                do {
                    let stored = try await scoring.score(run, provider: provider)
                    if stored != nil, try ledger.run(run.id).metric(sweep.metric) != nil { outcome.scored.append(run.id) }
                } catch {
                    outcome.unscored[run.id] = "\(error)"
                }
            }
        }
    }
}
