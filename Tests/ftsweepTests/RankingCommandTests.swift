import Foundation
import TestSupport
import Testing

/// `best` and the plan never rank by a figure no run can have.
@Suite struct RankingCommandTests {
    @Test func aSweepWithoutValidationDataIsWarnedAtPlanAndBestRefusesToGuess() throws {
        let folder = TestPaths.scratchDirectory("novalid")
        let spec = """
            name: novalid
            training_file: \(TestPaths.repository)/experiments/data/triage/train.jsonl
            parameters:
              model: {value: local-small}
              n_epochs: {value: 1}
              seed: {values: [1, 2]}
            """
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
        let plan = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stderr.contains("warning: the sweep ranks by full_valid_loss, but it has no validation_file"), "\(plan.stderr)")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 0, "\(launch.stderr)")

        let best = try CommandRunner.ftsweep(["best", "-q", "--sweep", "novalid"], in: folder)
        #expect(best.status == 1)
        #expect(best.stdout.isEmpty)
        #expect(best.stderr == "error: no succeeded run of sweep novalid has full_valid_loss (validation metrics need a validation_file); rank by a metric the runs have, e.g. --metric final_train_loss\n")
        let byTraining = try CommandRunner.ftsweep(["best", "-q", "--sweep", "novalid", "--metric", "final_train_loss"], in: folder)
        #expect(byTraining.status == 0 && byTraining.stdout.hasPrefix("ft:local-small:"), "\(byTraining.stderr)")
    }
}
