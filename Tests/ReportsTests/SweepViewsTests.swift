import Ledger
import Reports
import SweepCore
import Testing

private func run(_ id: Int, state: RunState, loss: Double?, validation: String? = "sha256:aa") -> RunRecord {
    var run = RunRecord(
        sweepID: 1, trialKey: "k\(id)", model: "m", nEpochs: 1, batchSize: 1, learningRateMultiplier: 1, seed: 0,
        trainingDigest: "sha256:tt", validationDigest: validation, provider: "local", requestJSON: "{}", estimatedCostNanos: 0)
    run.id = id
    run.state = state
    run.fullValidLoss = loss
    return run
}

private let sweep: SweepRecord = {
    var sweep = SweepRecord(name: "s", specText: "", specDigest: "", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "local")
    sweep.id = 1
    return sweep
}()

@Suite struct SweepViewsTests {
    @Test func theBestColumnOfSweepLsTakesSucceededRunsOnly() {
        let table = SweepListView([sweep], runs: [run(1, state: .failed, loss: 0.1), run(2, state: .succeeded, loss: 0.3)]).render()
        #expect(table.contains("0.3000") && !table.contains("0.1000"), "\(table)")
        let none = SweepListView([sweep], runs: [run(1, state: .failed, loss: 0.1)]).render()
        #expect(!none.contains("0.1000"), "\(none)")
    }

    @Test func statusShowsTheDataAndFlagsMoreThanOneValidationFile() {
        let one = SweepStatusView(sweep, runs: [run(1, state: .succeeded, loss: 0.3)]).render()
        #expect(one.contains("data: training sha256:tt, validation sha256:aa"), "\(one)")
        let runs = [run(1, state: .succeeded, loss: 0.1, validation: "sha256:aa"), run(2, state: .succeeded, loss: 0.3, validation: "sha256:bb")]
        let two = SweepStatusView(sweep, runs: runs).render()
        #expect(two.contains("validation 2 files (sha256:bb, sha256:aa; ranked within the newest)"), "\(two)")
        // The best line names the best run on the newest data, as `best` does.
        #expect(two.contains("best: run 2"), "\(two)")
    }
}
