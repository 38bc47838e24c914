import Datasets
import Foundation
import Ledger
import Orchestration
import Providers
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A temporary ledger with its local provider beside it.
struct Workspace {
    let folder = TestPaths.scratchDirectory("launch")
    var ledgerPath: String { "\(folder)/ledger.sqlite" }
    var provider: LocalProvider { LocalProvider(root: "\(folder)/local") }

    func spec(_ extra: String = "") throws -> SweepSpec {
        try SpecParser(file: "\(triage)/spec.yaml", text: """
            name: test-sweep
            training_file: train.jsonl
            validation_file: valid.jsonl
            seed: 3
            suffix: t
            parameters:
              model: {values: [local-small]}
              n_epochs: {values: [1, 2]}
              batch_size: {value: 32}
            \(extra)
            """, providers: ProviderRegistry.standard.kinds).parse()
    }

    func plan(_ spec: SweepSpec, force: Bool = false, retryFailed: Bool = false) async throws -> SweepPlan {
        let store = TokenizerStore()
        let model = ModelCatalog.standard.info(for: "local-small")
        let validator = DatasetValidator(counter: store.counter(for: model.encoding).counter, model: model, epochs: nil, pricesAsOf: "test")
        let ledger = FileManager.default.fileExists(atPath: ledgerPath) ? try Ledger.openExisting(at: ledgerPath) : nil
        return try await SweepPlanner(validator: validator).plan(spec, provider: provider, ledger: ledger, force: force, retryFailed: retryFailed)
    }

    func launch(_ plan: SweepPlan, maxParallel: Int = 2, identity: LauncherIdentity = .current) async throws -> LaunchOutcome {
        let launcher = Launcher(ledger: try Ledger.openOrCreate(at: ledgerPath), provider: provider, pollInterval: .milliseconds(20), identity: identity) { _ in }
        return try await launcher.launch(plan, maxParallel: maxParallel)
    }
}

@Suite struct LauncherTests {
    @Test func aSweepTrainsIngestsAndRanksEveryTrial() async throws {
        let workspace = Workspace()
        let outcome = try await workspace.launch(try await workspace.plan(try workspace.spec()))
        #expect(outcome.ran.map(\.state) == [.succeeded, .succeeded])
        #expect(outcome.ranked.count == 2)
        let ledger = try Ledger.openExisting(at: workspace.ledgerPath)
        let best = outcome.ranked[0]
        #expect(best.fullValidLoss! <= outcome.ranked[1].fullValidLoss!)
        #expect(best.fineTunedModel?.hasPrefix("ft:local-small:local:t:") == true)
        // Summary columns agree with the stored metrics, which match the job's step count.
        let metrics = try ledger.metrics(run: best.id)
        #expect(metrics.count == best.steps)
        #expect(best.steps == (best.nEpochs ?? 0) * 10)  // 300 examples / 32 = 9.4 → 10 steps an epoch
        #expect(metrics.last?.fullValidLoss == best.fullValidLoss)
        #expect(best.trainedTokens ?? 0 > 0)
        let info = try ledger.info()
        #expect(info.counts["datasets"] == 2 && info.counts["uploads"] == 2 && info.counts["sweeps"] == 1)
        #expect((info.counts["events"] ?? 0) > 20)
    }

    @Test func relaunchingRunsNothingNewAndForceRunsItAgain() async throws {
        let workspace = Workspace()
        let spec = try workspace.spec()
        _ = try await workspace.launch(try await workspace.plan(spec))
        let again = try await workspace.plan(spec)
        #expect(again.trials.allSatisfy { !$0.willRun })
        let second = try await workspace.launch(again)
        #expect(second.ran.isEmpty && second.skipped.count == 2)
        let forced = try await workspace.launch(try await workspace.plan(spec, force: true))
        #expect(forced.ran.map(\.attempt) == [2, 2])
        // Same seed and inputs: the forced runs reproduce the first ones exactly.
        let ledger = try Ledger.openExisting(at: workspace.ledgerPath)
        let runs = try ledger.runs(RunQuery(sweep: "test-sweep"))
        #expect(runs.count == 4)
        #expect(runs[0].fullValidLoss == runs[2].fullValidLoss && runs[1].fullValidLoss == runs[3].fullValidLoss)
    }

    @Test func aPlanOverBudgetSaysWhy() async throws {
        let workspace = Workspace()
        let plan = try await workspace.plan(try workspace.spec("budget: {max_jobs: 1}"))
        #expect(plan.budgetViolations == ["2 jobs is over max_jobs 1"])
    }

    @Test func aModelTheProviderDoesNotOfferIsRejectedBeforeAnythingRuns() async throws {
        let workspace = Workspace()
        let spec = try workspace.spec().overriding([try ParameterOverride(parsing: "model=local-smal")])
        await #expect(throws: SweepError.self) { try await workspace.plan(spec) }
        #expect(!FileManager.default.fileExists(atPath: workspace.ledgerPath))
    }
}

@Suite struct ResultFileTests {
    @Test func plainAndBase64ResultFilesParseAlike() throws {
        let csv = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,1.52347,0.0,,\n2,1.1,0.5,1.3,0.25\n"
        let plain = try ResultFile.parse(Array(csv.utf8))
        let encoded = try ResultFile.parse(Array(Data(csv.utf8).base64EncodedString().utf8))
        #expect(plain == encoded)
        #expect(plain == [MetricRow(step: 1, trainLoss: 1.52347, trainAccuracy: 0), MetricRow(step: 2, trainLoss: 1.1, trainAccuracy: 0.5, validLoss: 1.3, validAccuracy: 0.25)])
    }

    @Test func aMalformedRowNamesItsLine() {
        #expect(throws: ResultFile.Failure(line: 3, message: "'x' in column train_loss is not a number")) {
            try ResultFile.parse(Array("step,train_loss\n1,0.5\n2,x\n".utf8))
        }
        #expect(throws: ResultFile.Failure(line: 4, message: "expected 2 cells starting with a step number")) {
            try ResultFile.parse(Array("step,train_loss\r\n1,0.5\r\n\r\n2,0.4,9\r\n".utf8))
        }
        #expect(throws: ResultFile.Failure(line: 2, message: "expected 2 cells starting with a step number")) {
            try ResultFile.parse(Array("step,train_loss\n1.5,0.5\n".utf8))
        }
    }

    /// The byte scanner's numbers are exactly `Double(String)`'s, on its fast path and off it.
    @Test func cellsParseToTheSameDoublesAsTheStandardLibrary() throws {
        var generator = SplitMix64(seed: 42)
        var cells = ["0", "-0.0", ".5", "1.", "+1.5", "1e-3", "2.5E+2", "inf", "nan", "0x1p-2", "123456789012345.6", "0.1234567890123456789",
                     "9007199254740993", "000000000000000001.5", "-1.0000000000000002", "1.7976931348623157e308"]
        for _ in 0..<5000 {
            let digits = Int(generator.next() % 17) + 1, point = Int(generator.next() % UInt64(digits + 1))
            var text = String((0..<digits).map { _ in Character(String(generator.next() % 10)) })
            if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            cells.append(generator.next() % 4 == 0 ? "-" + text : text)
        }
        let csv = "step,train_loss\n" + cells.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n")
        let rows = try ResultFile.parse(Array(csv.utf8))
        for (row, cell) in zip(rows, cells) {
            let expected = Double(cell)
            #expect(row.trainLoss?.bitPattern == expected?.bitPattern || (row.trainLoss?.isNaN == true && expected?.isNaN == true), "\(cell)")
        }
        #expect(rows.count == cells.count)
    }
}
