import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Providers
import Reports

/// `ftsweep compare`.
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show runs side by side (* before each field that differs), or models' answers to the same test prompts.",
        discussion: """
            Without --samples the arguments are runs, and their settings and metrics are compared. With \
            --samples N --test FILE, N prompts spread evenly over the test set are answered by every model \
            (base or fine-tuned, through its own provider): = marks an answer equal to the reference, ≠ one \
            that is not, and * a prompt the models disagree on.

            Examples:
              ftsweep compare 14 16
              ftsweep compare --sweep triage-demo --top 3 --format json
              ftsweep compare local-small "$(ftsweep best -q)" --samples 5 --test experiments/data/triage/test.jsonl
            """)

    @OptionGroup var models: ModelTargets

    @Option(help: ArgumentHelp("Compare answers to this many test prompts instead of run settings.", valueName: "n"))
    var samples: Int?

    @Option(help: ArgumentHelp("The test set the sample prompts come from (chat JSONL).", valueName: "file"), completion: .file())
    var test: String?

    @Option(help: ArgumentHelp("Questions in flight at once, per model.", valueName: "n"))
    var maxParallel: Int = 4

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        guard (samples == nil) == (test == nil) else { throw ValidationError("--samples and --test go together") }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
        guard maxParallel >= 1 else { throw ValidationError("--max-parallel must be at least 1") }
    }

    func run() async throws {
        if let samples, let test { return try await compareSamples(samples, test: test) }
        let targets = try models.resolve(in: try ledger.openForReading(), modelsRequired: false)
        let records = try targets.map { target in
            guard let run = target.run else { throw CommandFailure("\(target.model) was not produced by a run of this ledger; compare answers with --samples N --test FILE") }
            return run
        }
        guard records.count >= 2 else { throw CommandFailure("give at least two runs to compare", status: ExitStatus.usage) }
        let view = RunComparisonView(records)
        switch output.format {
        case .json: print(try JSONOutput.render(Comparison(runs: records, differing: view.differing)))
        case .table: print(view.render())
        }
    }

    private func compareSamples(_ count: Int, test: String) async throws {
        let ledger = try self.ledger.openForReadingIfPresent()
        let testSet: TestSet
        do { testSet = SampleComparison.pick(count, from: try TestSet.load(test)) } catch { throw CommandFailure(error.description, status: ExitStatus.dataError) }
        let targets = try models.resolve(in: ledger)
        let evaluation = Evaluation(maxParallel: maxParallel)
        var answers: [[String]] = []
        try await ModelServers.using { servers in
            for target in targets {
                let provider = try models.provider(
                    for: target, among: targets, ledger: ledger, ledgerPath: self.ledger.ledgerPath, servers: servers)
                do { answers.append(try await evaluation.answers(model: target.model, testSet: testSet, provider: provider)) } catch {
                    throw CommandFailure("\(error)", status: ExitStatus.unavailable)
                }
                await provider.doneAsking(model: target.model)
            }
        }
        let comparison = SampleComparison(models: targets.map(\.model), testSet: testSet, answers: answers)
        switch output.format {
        case .json: print(try JSONOutput.render(comparison))
        case .table: print(SampleComparisonView(comparison).render())
        }
    }
}

private struct Comparison: Encodable {
    var runs: [RunRecord]
    var differing: [String]
}
