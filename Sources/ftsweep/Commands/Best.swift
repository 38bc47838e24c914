import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

/// `ftsweep best`.
struct Best: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "best",
        abstract: "Print the best succeeded run by its sweep's metric (default full_valid_loss, lowest first).",
        discussion: """
            Examples:
              ftsweep best --sweep triage-demo
              ftsweep best --metric full_valid_accuracy --include-checkpoints
              ftsweep chat "$(ftsweep best -q)" "My invoice is wrong"
            """)

    @Option(help: ArgumentHelp("Only runs of this sweep (name or id).", valueName: "sweep"))
    var sweep: String?

    @Flag(name: .shortAndLong, help: "Print only the fine-tuned model's id.")
    var quiet = false

    @Option(help: ArgumentHelp("Rank by this metric instead of the sweep's (\(Metric.allCases.map(\.name).joined(separator: ", ")), or an alias such as valid_loss:min).", valueName: "metric"))
    var metric: String?

    @Flag(help: "Let the kept checkpoints compete too, with their own model ids (full validation metrics only).")
    var includeCheckpoints = false

    @Flag(help: ArgumentHelp(
        "Rank runs measured on different data together.",
        discussion: "By default only runs on the newest succeeded run's data compete (its validation file for validation metrics, its training file for training ones): losses on different files are not comparable."))
    var acrossData = false

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let metric, let replacement = Metric.replacement(for: metric) { throw ValidationError(replacement) }
        if let metric, MetricSpec.known[metric] == nil {
            throw ValidationError("unknown metric '\(metric)'; expected one of \(MetricSpec.known.keys.sorted().joined(separator: ", "))")
        }
    }

    func run() async throws {
        let choice: BestChoice?
        do {
            choice = try Ranking(ledger: try ledger.openForReading())
                .best(sweep: sweep, metric: metric, includeCheckpoints: includeCheckpoints, acrossData: acrossData)
        } catch let error as LedgerError {
            throw CommandFailure(error)
        } catch let error as RankingError {
            throw CommandFailure(error.description)
        }
        guard let choice else { throw CommandFailure("no succeeded run\(sweep.map { " in sweep \($0)" } ?? "") yet") }
        if let other = choice.outrankedOnOtherData {
            StandardError.write(
                "warning: run \(other.id) ranks higher by \(choice.metric) but was measured on other data; figures on different files are not comparable, so it was left out (--across-data ranks them together)")
        }
        let best = choice.candidate
        if quiet {
            print(best.modelID)
            return
        }
        switch (best, output.format) {
        case (.run(let run), .json): print(try JSONOutput.render(run))
        case (.run(let run), .table): print(RunTableView([run], metric: choice.metric).render())
        case (.checkpoint(let checkpoint, _), .json): print(try JSONOutput.render(checkpoint))
        case (.checkpoint(let checkpoint, let run), .table):
            print("checkpoint at step \(checkpoint.step) of run \(run.id): \(checkpoint.modelID)")
        }
    }
}
