import Foundation
@testable import Ledger
import SweepCore
import TestSupport
import Testing

/// Four runs with different settings, states and results.
private func ledger() throws -> Ledger {
    let ledger = try Ledger.openOrCreate(at: TestPaths.scratchDirectory("filter") + "/ledger.sqlite")
    try ledger.registerDataset(DatasetRecord(digest: "sha256:6dfca047aa", name: nil, bytes: 1, examples: 10, tokens: 1, assistantTokens: 1, encoding: "o200k_base", tokensExact: true, format: "chat"), path: "/t")
    try ledger.registerDataset(DatasetRecord(digest: "sha256:14e19700bb", name: nil, bytes: 1, examples: 10, tokens: 1, assistantTokens: 1, encoding: "o200k_base", tokensExact: true, format: "chat"), path: "/v")
    let sweep = try ledger.saveSweep(SweepRecord(name: "alpha", specText: "", specDigest: "", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "local"))
    let settings: [(String, Int, Int, Double, RunState, Double?, Int)] = [
        ("local-small", 1, 8, 0.5, .succeeded, 0.9, 100), ("local-small", 3, 8, 2, .succeeded, 0.4, 300),
        ("local-base", 3, 16, 2, .succeeded, 0.2, 300), ("local-base", 2, 8, 1, .failed, nil, 0),
    ]
    for (index, (model, epochs, batch, rate, state, loss, steps)) in settings.enumerated() {
        let run = try ledger.insertRun(RunRecord(
            sweepID: sweep.id, trialKey: "k\(index)", model: model, nEpochs: epochs, batchSize: batch, learningRateMultiplier: rate,
            seed: index, trainingDigest: "sha256:6dfca047aa", validationDigest: index == 0 ? nil : "sha256:14e19700bb",
            provider: "local", requestJSON: "{}", estimatedCostNanos: index * 1_000_000_000))
        if let loss {
            try ledger.recordMetrics((1...steps).map { MetricRow(step: $0, trainLoss: loss + 1 / Double($0), validLoss: $0 % 10 == 0 ? loss + 0.1 : nil, fullValidLoss: $0 == steps ? loss : nil) }, run: run.id)
        }
        try ledger.finishRun(run.id, RunOutcome(state: state, fineTunedModel: state == .succeeded ? "ft:\(model):local:s:\(index)" : nil, errorCode: state == .failed ? "training_failed" : nil))
    }
    try ledger.setAlias("prod", model: "ft:local-base:local:s:2", run: 3, reason: nil)
    return ledger
}

private func ids(_ text: String, sort: String? = nil) throws -> [Int] {
    var query = RunQuery(filter: try RunFilterParser.parse(text))
    query.sort = sort.flatMap(RunQuery.sortKeys) ?? []
    return try ledger().runs(query).map(\.id)
}

@Suite struct RunFilterTests {
    @Test(arguments: [
        ("n_epochs = 3", [2, 3]),
        ("n_epochs = 3.0", [2, 3]),
        ("n_epochs >= 2 and batch_size = 8", [2, 4]),
        ("batch_size = 8 and n_epochs >= 2", [2, 4]),
        ("n_epochs < 3 or model = local-base", [1, 3, 4]),
        ("not model = local-small", [3, 4]),
        ("model != local-small", [3, 4]),
        ("model in (local-base, nothing)", [3, 4]),
        ("learning_rate_multiplier in (0.5, 2)", [1, 2, 3]),
        ("fine_tuned_model contains base", [3]),
        ("fine_tuned_model contains '%'", []),
        ("fine_tuned_model contains '_'", []),
        ("fine_tuned_model is null", [4]),
        ("fine_tuned_model is not null", [1, 2, 3]),
        ("state = failed", [4]),
        ("error_code = training_failed", [4]),
        ("sweep = alpha", [1, 2, 3, 4]),
        ("sweep = beta", []),
        ("provider = local and seed >= 2", [3, 4]),
        ("full_valid_loss < 0.5", [2, 3]),
        ("full_valid_loss <= 0.4", [2, 3]),
        ("valid_loss:min < 0.55", [2, 3]),
        ("valid_loss:last > 0.45", [1, 2]),
        ("valid_loss:last5 < 0.35", [3]),
        ("train_loss:last < 0.3", [3]),
        ("steps = 300", [2, 3]),
        ("cost >= 2", [3, 4]),
        ("training = 6dfca047", [1, 2, 3, 4]),
        ("training = sha256:6DFCA", [1, 2, 3, 4]),
        ("validation = '14e1'", [2, 3, 4]),
        ("validation is null", [1]),
        ("training != 6dfc", []),
        ("created > 2000-01-01", [1, 2, 3, 4]),
        ("created < 2000-01-01", []),
        ("finished is not null", [1, 2, 3, 4]),
        ("alias = prod", [3]),
        ("alias != prod", [1, 2, 4]),
        ("alias is not null", [3]),
        ("alias is null", [1, 2, 4]),
        ("(n_epochs = 1 or n_epochs = 2) and not state = failed", [1]),
        ("model = \"local-small' OR 1=1 --\"", []),
        ("model = 'x\\' OR 1=1'", []),
        ("state in ('succeeded', \"failed\")", [1, 2, 3, 4]),
        ("seed = 1 or seed = 2 or seed = 3", [2, 3, 4]),
    ])
    func filtersSelectTheRightRuns(_ text: String, _ expected: [Int]) throws {
        #expect(try ids(text) == expected)
    }

    @Test func aDayMatchesTheWholeDay() throws {
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        #expect(try ids("created = \(today)") == [1, 2, 3, 4])
        #expect(try ids("created != \(today)") == [])
        #expect(try ids("created >= \(today) and created <= \(today)") == [1, 2, 3, 4])
        #expect(try ids("created = 2024-02-29") == [])
    }

    @Test(arguments: [
        ("n_epochs = abc", "--where: column 1: n_epochs is a number; 'abc' is not"),
        ("n_epoch = 3", "--where: column 1: unknown field 'n_epoch'; did you mean 'n_epochs'?"),
        ("created > yesterday", "--where: column 1: created takes a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS; found 'yesterday'"),
        ("created > 2026-13-45", "--where: column 1: created takes a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS; found '2026-13-45'"),
        ("created < 2025-02-29", "--where: column 1: created takes a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS; found '2025-02-29'"),
        ("finished < 2026-01-01T24:00:00", "--where: column 1: finished takes a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS; found '2026-01-01T24:00:00'"),
        ("training = xyz", "--where: column 1: training takes a digest prefix such as 6dfca047"),
        ("steps contains 3", "--where: column 1: steps is a number; 'contains' needs text"),
        ("n_epochs = 1 and runs.id = 1", "--where: column 18: unknown field 'runs.id'"),
        ("validation = 14e1", "--where: column 1: validation takes a digest prefix; quote it if it is all digits"),
        ("valid_loss:last0 < 1", "--where: column 1: unknown field 'valid_loss:last0'"),
        ("alias > prod", "--where: column 1: alias compares with = or != to a name"),
    ])
    func typeErrorsAndUnknownFieldsSayWhere(_ text: String, _ message: String) throws {
        let ledger = try ledger()
        #expect {
            try ledger.runs(RunQuery(filter: try RunFilterParser.parse(text)))
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func valuesAreBoundNeverSpliced() throws {
        let (sql, values) = try Ledger.sql(for: RunQuery(filter: try RunFilterParser.parse("model = \"x' OR 1=1 --\" and n_epochs > 2")))
        #expect(!sql.contains("OR 1=1") && sql.contains("r.model = ?") && sql.contains("r.n_epochs > ?"))
        #expect(values.contains(.text("x' OR 1=1 --")))
        #expect(values.contains(.real(2)))
    }

    @Test func multiKeySortsOrderAndNullsGoLast() throws {
        #expect(try ids("n_epochs >= 1", sort: "n_epochs,-learning_rate_multiplier") == [1, 4, 2, 3])
        #expect(try ids("n_epochs >= 1", sort: "full_valid_loss") == [3, 2, 1, 4])
        #expect(try ids("n_epochs >= 1", sort: "-full_valid_loss") == [1, 2, 3, 4])
        #expect(RunQuery.sortKeys("full_valid_loss, No pe") == nil, "not even a well-formed parameter name")
        #expect(throws: LedgerError.badSort("unknown sort key 'nope'; expected one of \((RunQuery.sortColumns.keys.sorted() + RunQuery.evaluationKeys).joined(separator: ", "))")) {
            try ids("n_epochs >= 1", sort: "full_valid_loss,nope")
        }
        #expect(throws: LedgerError.badSort("unknown sort key 'n_epoch'; did you mean 'n_epochs'?")) { try ids("n_epochs >= 1", sort: "n_epoch") }
        // The mean of the last five validation losses: 0.2+0.1, 0.4+0.1 and 0.9+0.1; run 4 has none.
        #expect(try ids("n_epochs >= 1", sort: "valid_loss:last5") == [3, 2, 1, 4])
        #expect(try ids("n_epochs >= 1", sort: "valid_loss:min,-n_epochs") == [3, 2, 1, 4])
    }

    /// `--sort eval.NAME` ranks every run by its model's figure on the same test set, the newest one:
    /// a model evaluated only on an older test set has no figure, instead of a figure from another set.
    @Test func evaluationSortsNeverMixTestSets() throws {
        let ledger = try ledger()
        func evaluate(_ model: String, _ test: String, _ accuracy: Double) throws {
            _ = try ledger.saveEvaluation(EvaluationRecord(
                model: model, runID: nil, testDigest: test, testPath: "/\(test)", kind: .labels, examples: 10,
                exactMatches: Int((accuracy * 10).rounded()), macroPrecision: nil, macroRecall: nil, macroF1: nil, tokenF1: accuracy,
                details: .init()))
        }
        try evaluate("ft:local-small:local:s:0", "sha256:aa", 0.9)
        try evaluate("ft:local-base:local:s:2", "sha256:aa", 0.5)
        try evaluate("ft:local-base:local:s:2", "sha256:bb", 0.6)
        var query = RunQuery(filter: try RunFilterParser.parse("state = succeeded"))
        query.sort = [("eval.accuracy", true)]
        #expect(try ledger.runs(query).map(\.id) == [3, 1, 2], "run 3's model is the only one measured on the newest set; the rest have no figure")
        let shown = try ledger.latestEvaluations(models: ["ft:local-small:local:s:0", "ft:local-base:local:s:2"])
        #expect(shown.mapValues(\.accuracy) == ["ft:local-base:local:s:2": 0.6])
    }
}
