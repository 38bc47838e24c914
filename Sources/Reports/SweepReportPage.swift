import Ledger
import Orchestration
import SweepCore

/// `ftsweep report` as one self-contained HTML page: header, ranked runs, loss curves, the
/// hyperparameter and cost plots, evaluations, datasets and the spec.
public struct SweepReportPage: Sendable {
    public var report: SweepReport

    public init(_ report: SweepReport) { self.report = report }

    public func render() -> String {
        let sections = [runsSection, curvesSection, hyperparameterSection, costSection, evaluationSection, datasetSection, specSection]
        let body = header(sections) + "\n" + sections.map(\.html).joined(separator: "\n")
            + "<footer>Made by ftsweep report from the ledger; this file needs no network.</footer>"
        return HTMLDocument(title: "Sweep \(report.sweep.name) · ftsweep report", body: body).render()
    }

    /// A section and its entry in the page's table of contents.
    struct Section {
        var id: String
        var title: String
        var html: String

        init(id: String, title: String, note: String? = nil, _ content: String) {
            self.id = id
            self.title = title
            self.html = HTML.section(id: id, title: title, note: note, content)
        }
    }

    private var sweep: SweepRecord { report.sweep }

    /// The sweep's facts and the table of contents.
    func header(_ sections: [Section]) -> String {
        var counts: [String: Int] = [:]
        for run in report.runs { counts[run.state.description, default: 0] += 1 }
        let states = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: " · ")
        let spend = report.spend
        let cost = spend.estimatedCostNanos > 0
            ? "\(USD(nanos: spend.costNanos)) (\(USD(nanos: spend.reportedCostNanos)) reported, \(USD(nanos: spend.estimatedCostNanos)) estimated)"
            : "\(USD(nanos: spend.reportedCostNanos)) reported"
        let facts = [
            ("state", sweep.state.description + (sweep.stateReason.map { " (\($0))" } ?? "")),
            ("ranked by", "\(sweep.metric), \(report.lowerIsBetter ? "lower" : "higher") is better"),
            ("runs", report.runs.isEmpty ? "none yet" : "\(report.runs.count): \(states)"),
            ("total cost", cost),
        ] + (EarlyStopSavings(report.runs).map { [("early stopping", $0.summary)] } ?? []) + [
            ("best run", report.best.map { "run \($0.id): \(Formatting.fixed($0.metric(sweep.metric) ?? 0, 4))" } ?? "none yet"),
            ("generated", report.generatedAt),
        ]
        let list = facts.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd></div>" }.joined(separator: "\n")
        let toc = sections.map { "<a href=\"#\($0.id)\">\(HTML.escape($0.title))</a>" }.joined(separator: "\n")
        return """
            <header>
            <h1>Sweep \(HTML.escape(sweep.name))</h1>
            <p class="subtitle">\(HTML.escape("\(sweep.method) search on \(sweep.provider) · created \(sweep.createdAt)"))</p>
            <dl class="facts">
            \(list)
            </dl>
            <nav class="toc">
            \(toc)
            </nav>
            </header>
            """
    }

    var runsSection: Section {
        let latest = report.latestEvaluation
        let evaluated = report.runs.contains { $0.fineTunedModel.flatMap { latest[$0] } != nil }
        let metrics = Metric.allCases.filter { metric in metric.visibility != .whenPresent || report.runs.contains { $0[metric] != nil } }
        let metricColumns = metrics.map { HTMLTable.Column(title: $0.label, style: .number) }
        var table = HTMLTable(columns: Self.runColumns + metricColumns + [.init(title: "cost", style: .number)] + (evaluated ? Self.evaluationColumns : []) + [.init(title: "fine-tuned model", style: .code)])
        let bestID = report.best?.id
        for (index, run) in report.runs.enumerated() {
            let rank = run.metric(sweep.metric) == nil ? "–" : String(index + 1)
            var cells: [String] = [rank, String(run.id), run.model]
            cells += [run.nEpochs.map(String.init) ?? "auto", run.batchSize.map(String.init) ?? "auto"]
            cells += [run.learningRateMultiplier.map { Formatting.compact($0) } ?? "auto", run.seed.map(String.init) ?? ""]
            cells += [run.state.description, run.steps.map(String.init) ?? ""]
            cells += metrics.map { Self.figure(run[$0], $0.decimals) } + [Self.cost(run)]
            if evaluated { cells += Self.evaluationCells(run.fineTunedModel.flatMap { latest[$0] }) }
            table.add(cells + [run.fineTunedModel ?? ""], marked: run.id == bestID)
        }
        let note = "Ranked by \(sweep.metric) (\(report.lowerIsBetter ? "lowest" : "highest") first); runs without it come last, unranked. "
            + "Cost is reported where the job said, else estimated (≈)."
            + (evaluated ? " Eval figures: the newest evaluation of each model (F1: macro F1 for labels, token F1 for text)." : "")
        return Section(id: "runs", title: "Runs", note: note, report.runs.isEmpty ? "<p>No runs yet.</p>" : table.render())
    }

    static let runColumns: [HTMLTable.Column] = [
        .init(title: "#", style: .number), .init(title: "run", style: .number), .init(title: "model"), .init(title: "epochs", style: .number),
        .init(title: "batch", style: .number), .init(title: "LR ×", style: .number), .init(title: "seed", style: .number),
        .init(title: "state"), .init(title: "steps", style: .number),
    ]

    static let evaluationColumns: [HTMLTable.Column] = [
        .init(title: "eval acc", style: .number), .init(title: "eval F1", style: .number), .init(title: "eval test"),
    ]

    static func evaluationCells(_ record: EvaluationRecord?) -> [String] {
        guard let record else { return ["", "", ""] }
        return [figure(record.accuracy, 3), figure(record.kind == .labels ? record.macroF1 : record.tokenF1, 3), fileName(record.testPath)]
    }

    static func figure(_ value: Double?, _ places: Int) -> String { value.map { Formatting.fixed($0, places) } ?? "" }

    static func cost(_ run: RunRecord) -> String {
        if let nanos = run.costNanos { return USD(nanos: Int64(nanos)).formatted(decimals: 4) }
        return run.estimatedCostNanos.map { "≈" + USD(nanos: Int64($0)).formatted(decimals: 4) } ?? ""
    }

    static func fileName(_ path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }
}
