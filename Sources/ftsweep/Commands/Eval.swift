import ArgumentParser
import Orchestration
import Reports
import SweepCore

/// `ftsweep eval`.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a local model on a held-out test set (exact match; per-label accuracy for classifiers).",
        discussion: """
            Each test conversation is sent without its final assistant message; the answer must equal it.

            Examples:
              ftsweep eval "$(ftsweep best -q)" --test experiments/data/triage/test.jsonl
              ftsweep eval ft:local-small:local:triage:AbC123xy --test test.jsonl --format json
            """)

    @Argument(help: ArgumentHelp("The model id.", valueName: "model"))
    var model: String

    @Option(help: ArgumentHelp("The test set (chat JSONL).", valueName: "file"))
    var test: String

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        let provider = try SweepOptions.provider(for: .local, ledgerPath: ledger.ledgerPath)
        let result: EvaluationResult
        do { result = try await Evaluation().run(model: model, testFile: test, provider: provider) } catch {
            throw CommandFailure("\(error)", status: ExitStatus.dataError)
        }
        switch output.format {
        case .json: print(try JSONOutput.render(result))
        case .table: print(EvaluationView(result).render())
        }
    }
}
