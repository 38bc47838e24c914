import Foundation
import Ledger
import Orchestration
import Providers
import SweepCore
import TestSupport
import Testing

/// Pause, cancel and `runs cancel` are tested through the command line (`LifecycleCommandTests`), where
/// the launcher is its own process and cannot be starved by other tests sharing this one's threads.
@Suite struct LifecycleTests {
    @Test func theFifthTrialThatWouldCrossTheCostCapIsNeverLaunched() async throws {
        let workspace = Workspace()
        // Each trial is estimated at the same cost; the cap admits four of eight and not a fifth.
        let eight = "  seed: {values: [1, 2, 3, 4, 5, 6, 7, 8]}\nprices: {local-small: 1000}"
        let oneEpoch = try ParameterOverride(parsing: "n_epochs=1")
        let probe = try await workspace.plan(try workspace.spec(eight).overriding([oneEpoch]))
        let each = probe.trials[0].cost
        #expect(probe.trials.allSatisfy { $0.cost == each } && each > .zero)
        let cap = USD(nanos: each.nanos * 4 + each.nanos / 2)
        let spec = try workspace.spec(eight + "\nbudget: {max_cost_usd: \(cap.dollars)}").overriding([oneEpoch])
        let outcome = try await workspace.launch(try await workspace.plan(spec), maxParallel: 8)
        #expect(outcome.ran.count == 4)
        #expect(outcome.haltedReason?.hasPrefix("budget: max_cost_usd \(cap) would be crossed") == true, "\(outcome.haltedReason ?? "-")")
        let ledger = try Ledger.openExisting(at: workspace.ledgerPath)
        #expect(try ledger.runs(RunQuery(sweep: "test-sweep")).count == 4)
        #expect(try await workspace.provider.jobs(metadata: ["ftsweep_sweep": "test-sweep"]).count == 4)
        let spend = try ledger.spend(sweep: outcome.sweep.id)
        #expect(spend.jobs == 4 && spend.estimatedCostNanos == 0, "every job reported its trained tokens")
        #expect(spend.reportedCostNanos > 0 && spend.reportedCostNanos <= cap.nanos)
    }

    @Test func aSecondLauncherOfALiveLaunchIsRefusedAndADeadOnesSweepIsTakenOver() async throws {
        let workspace = Workspace()
        let spec = try workspace.spec()
        _ = try await workspace.launch(try await workspace.plan(spec))
        let ledger = try Ledger.openOrCreate(at: workspace.ledgerPath)
        let sweep = try ledger.sweep(named: "test-sweep")
        // Process 1 (init) is always alive: a launch it holds is live.
        let live = LauncherIdentity(pid: 1, host: LauncherIdentity.current.host)
        #expect(try ledger.claimSweep(sweep.id, owner: live.description, now: 0) { _, _ in false } == nil)
        await #expect(throws: LaunchError.sweepBusy(sweep: "test-sweep", launcher: live.description)) {
            try await workspace.launch(try await workspace.plan(spec, force: true))
        }
        // A pid that cannot exist is a launcher that died: the sweep is taken over.
        let dead = LauncherIdentity(pid: Int32.max, host: LauncherIdentity.current.host)
        #expect(try ledger.claimSweep(sweep.id, owner: dead.description, now: 0) { _, _ in true } == nil)
        let outcome = try await workspace.launch(try await workspace.plan(spec, force: true))
        #expect(outcome.ran.count == 2)
        #expect(try ledger.sweepLauncher(sweep.id) == nil, "the launch let go of the sweep when it ended")
    }
}

@Suite struct LaunchGuardTests {
    private func trial(cost: Int64, tokens: Int) -> PlannedTrial {
        PlannedTrial(
            trial: Trial(index: 0, model: "m", hyperparameters: [.nEpochs: .int(1), .batchSize: .int(1), .learningRateMultiplier: .int(1)], seed: 0, key: TrialKey(rawValue: "k")),
            epochs: 1, billedTokens: tokens, cost: USD(nanos: cost))
    }

    @Test func theGateCountsReportedSpendReservationsAndTheNextTrial() {
        let gate = BudgetGate(budget: Budget(maxCost: USD(nanos: 100), maxTrainedTokens: 1_000, maxJobs: 3))
        let next = trial(cost: 30, tokens: 100)
        #expect(gate.refusal(spent: SweepSpend(jobs: 1, reportedCostNanos: 40, tokens: 100), reserved: [next], next: next) == nil)
        #expect(gate.refusal(spent: SweepSpend(jobs: 1, reportedCostNanos: 50, tokens: 100), reserved: [next], next: next)?.contains("max_cost_usd") == true)
        #expect(gate.refusal(spent: SweepSpend(jobs: 0, tokens: 950), reserved: [], next: next)?.contains("max_trained_tokens") == true)
        #expect(gate.refusal(spent: SweepSpend(jobs: 2), reserved: [next], next: next) == "budget: max_jobs 3 reached")
    }

    @Test func theBreakerTripsOnTotalAndOnConsecutiveFailures() {
        var total = FailureBreaker(policy: FailurePolicy(maxFailed: 3), failedBefore: 1)
        #expect(total.record(state: .failed, error: nil) == nil)
        #expect(total.record(state: .succeeded, error: nil) == nil)
        #expect(total.record(state: .failed, error: "bad file") == "stopped: 3 trials failed (max_failed 3); the last error: bad file")
        var streak = FailureBreaker(policy: FailurePolicy(maxConsecutiveFailures: 2), failedBefore: 0)
        #expect(streak.record(state: .failed, error: nil) == nil)
        #expect(streak.record(state: .succeeded, error: nil) == nil)
        #expect(streak.record(state: .failed, error: nil) == nil)
        #expect(streak.record(state: .cancelled, error: nil) == nil)
        #expect(streak.record(state: .failed, error: "x")?.hasPrefix("stopped: 2 trials failed in a row") == true)
    }
}
