import ArgumentParser
import Ledger
import Reports

/// `ftsweep best`.
struct Best: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the best succeeded run by its sweep's metric (default full_valid_loss, lowest first).",
        discussion: """
            Examples:
              ftsweep best --sweep triage-demo
              ftsweep chat "$(ftsweep best -q)" "My invoice is wrong"
            """)

    @Option(help: ArgumentHelp("Only runs of this sweep (name or id).", valueName: "sweep"))
    var sweep: String?

    @Flag(name: .shortAndLong, help: "Print only the fine-tuned model's id.")
    var quiet = false

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        let ledger = try ledger.openExisting()
        var metric = "full_valid_loss", descending = false
        if let sweep {
            do {
                let record = try ledger.sweep(named: sweep)
                metric = record.metric
                descending = record.goal == "maximize"
            } catch { throw CommandFailure(error) }
        }
        let runs = try ledger.runs(RunQuery(sweep: sweep, sortMetric: metric, descending: descending, states: ["succeeded"]))
        guard let best = runs.first(where: { $0.metric(metric) != nil }) ?? runs.first else {
            throw CommandFailure("no succeeded run\(sweep.map { " in sweep \($0)" } ?? "") yet")
        }
        if quiet {
            print(best.fineTunedModel ?? "")
            return
        }
        switch output.format {
        case .json: print(try JSONOutput.render(best))
        case .table: print(RunTableView([best], metric: metric).render())
        }
    }
}
