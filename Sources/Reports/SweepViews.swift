import Ledger
import Orchestration
import SweepCore

/// `sweep ls` as a table.
public struct SweepListView {
    public var sweeps: [SweepRecord]
    public var runs: [RunRecord]

    public init(_ sweeps: [SweepRecord], runs: [RunRecord]) {
        self.sweeps = sweeps
        self.runs = runs
    }

    public func render() -> String {
        var table = TextTable([
            .init("ID", .right), .init("NAME"), .init("METHOD"), .init("PROVIDER"), .init("STATE"), .init("RUNS", .right),
            .init("SUCCEEDED", .right), .init("METRIC"), .init("BEST", .right), .init("CREATED"),
        ])
        for sweep in sweeps {
            let own = runs.filter { $0.sweepID == sweep.id }
            let values = own.filter { $0.state == .succeeded }.compactMap { $0.metric(sweep.metric) }
            let best = sweep.goal == .maximize ? values.max() : values.min()
            table.add([
                String(sweep.id), sweep.name, sweep.method, sweep.provider, sweep.state.description, String(own.count),
                String(own.filter { $0.state == .succeeded }.count), sweep.metric, best.map { Formatting.fixed($0, 4) } ?? "-",
                String(sweep.createdAt.prefix(19)),
            ])
        }
        return table.render()
    }
}

/// `sweep status` as text.
public struct SweepStatusView {
    public var sweep: SweepRecord
    public var runs: [RunRecord]
    public var spend: SweepSpend
    public var budget: Budget

    /// Train-loss samples by run id, drawn as sparklines.
    public var curves: [Int: [Double]]

    public init(_ sweep: SweepRecord, runs: [RunRecord], spend: SweepSpend = SweepSpend(), budget: Budget = Budget(), curves: [Int: [Double]] = [:]) {
        self.sweep = sweep
        self.runs = runs
        self.spend = spend
        self.budget = budget
        self.curves = curves
    }

    /// One line for logs and pipes: the state, the runs by state, and the best so far.
    public var summaryLine: String {
        let best = runs.best(by: sweep.metric)
        return "sweep \(sweep.name) \(sweep.state): \(runs.count.counted("run")) (\(stateCounts))"
            + (best.map { "; best run \($0.id) \(sweep.metric) \(RunTableView.loss($0.metric(sweep.metric)))" } ?? "")
    }

    var stateCounts: String {
        var counts: [String: Int] = [:]
        for run in runs { counts[run.state.description, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    /// The data the runs trained and were validated on, newest first; more than one file is flagged,
    /// since figures on different files are not comparable.
    var dataLine: String {
        func digests(_ digest: (RunRecord) -> String?) -> String {
            var seen: [String] = []
            for run in runs.sorted(by: { $0.id > $1.id }) {
                if let value = digest(run), !value.isEmpty, !seen.contains(value) { seen.append(value) }
            }
            let shown = seen.map { String($0.prefix("sha256:".count + 12)) }.joined(separator: ", ")
            return seen.count > 1 ? "\(seen.count) files (\(shown); ranked within the newest)" : (shown.isEmpty ? "none" : shown)
        }
        return "data: training \(digests(\.trainingDigest)), validation \(digests(\.validationDigest))"
    }

    /// Spent against the budget, one clause per cap: "$1.20 of max_cost_usd $5.00 · 3 of 10 jobs".
    var spendLine: String {
        let cost = USD(nanos: spend.costNanos)
        let detail = spend.estimatedCostNanos > 0
            ? " (\(USD(nanos: spend.reportedCostNanos)) reported, \(USD(nanos: spend.estimatedCostNanos)) estimated for unreported jobs)" : ""
        return "spent: " + [
            "\(cost)\(detail)" + (budget.maxCost.map { " of max_cost_usd \($0)" } ?? ""),
            "\(Formatting.grouped(spend.tokens))" + (budget.maxTrainedTokens.map { " of \(Formatting.grouped($0))" } ?? "") + " trained tokens",
            "\(spend.jobs)" + (budget.maxJobs.map { " of \($0)" } ?? "") + " jobs",
        ].joined(separator: " · ")
    }

    public func render() -> String {
        let states = stateCounts
        var lines = [
            "sweep \(sweep.id) \(sweep.name): \(sweep.state)\(sweep.stateReason.map { " (\($0))" } ?? ""), \(sweep.method) search on \(sweep.provider), ranked by \(sweep.metric) (\(sweep.goal))",
            "runs: \(runs.count)\(states.isEmpty ? "" : " (\(states))")",
            dataLine,
            spendLine,
        ]
        if let savings = EarlyStopSavings(runs) { lines.append(savings.line) }
        lines += [
            "",
            RunTableView(runs, metric: sweep.metric, curves: curves).render(),
        ]
        if let best = runs.best(by: sweep.metric) {
            lines.append("")
            lines.append("best: run \(best.id), \(best.fineTunedModel ?? "-")")
        }
        return lines.joined(separator: "\n")
    }
}
