import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Providers
import Reports

/// `ftsweep eval`.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score models on a held-out test set; results are kept in the ledger per model and test set.",
        discussion: """
            Each test conversation is sent without its final assistant message, through the model's own \
            provider (local models offline, API models over HTTP with the usual retries), and the answer is \
            compared with that message. When the references are labels (at most 50 distinct short answers) \
            the figures are accuracy, macro precision, recall and F1, per-class figures and a confusion \
            matrix; answers that are none of the labels count as the class (other). Otherwise: exact match \
            and token F1. A model already evaluated on the same bytes is not asked again unless --force. \
            Sort runs by the results with `runs ls --sort -eval.accuracy`; promote on them with \
            `promote --require-better --by eval.macro_f1`.

            Examples:
              ftsweep eval "$(ftsweep best -q)" local-small --test experiments/data/triage/test.jsonl
              ftsweep eval --sweep triage-demo --top 3 --test test.jsonl --format json
              ftsweep eval --alias support-prod --test test.jsonl --max-parallel 8
            """)

    @OptionGroup var models: ModelTargets

    @Option(help: ArgumentHelp("The test set (chat JSONL; the last message of each line is the reference answer).", valueName: "file"), completion: .file())
    var test: String

    @Option(help: ArgumentHelp("Questions in flight at once, per model.", valueName: "n"))
    var maxParallel: Int = 4

    @Flag(help: "Ask again even when the ledger holds results for this model and test set.")
    var force = false

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        guard maxParallel >= 1 else { throw ValidationError("--max-parallel must be at least 1") }
    }

    func run() async throws {
        let ledger = try ledger.openForWriting()
        let testSet: TestSet
        do { testSet = try TestSet.load(test) } catch { throw CommandFailure(error.description, status: ExitStatus.dataError) }
        let targets = try models.resolve(in: ledger)
        let evaluation = Evaluation(maxParallel: maxParallel)
        var records: [EvaluationRecord] = []
        var reused = Set<String>()
        do {
            // Servers a command trainer's models need are started once each, and stopped when the loop ends.
            try await ModelServers.using { servers in
                for target in targets {
                    if !force, let stored = try ledger.evaluation(model: target.model, testDigest: testSet.digest) {
                        records.append(stored)
                        reused.insert(target.model)
                        continue
                    }
                    let provider = try models.provider(
                        for: target, among: targets, ledger: ledger, ledgerPath: self.ledger.ledgerPath, servers: servers)
                    let answers: [String]
                    do { answers = try await evaluation.answers(model: target.model, testSet: testSet, provider: provider) } catch {
                        throw CommandFailure("\(error)", status: ExitStatus.unavailable)
                    }
                    await provider.doneAsking(model: target.model)
                    records.append(try ledger.saveEvaluation(Evaluation.record(model: target.model, runID: target.run?.id, testSet: testSet, answers: answers)))
                }
            }
        } catch let error as LedgerError {
            throw CommandFailure(error)
        }
        switch output.format {
        case .json: print(try JSONOutput.render(records))
        case .table: print(EvaluationView(records, reused: reused).render())
        }
    }
}
