import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Providers
import Reports
import SweepCore

/// `ftsweep reproduce`.
struct Reproduce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run a run again exactly: same model, request, seed and data (verified by digest).",
        discussion: """
            The new run is the next attempt of the same trial in the same sweep. If a data file changed since, \
            nothing runs and the message says which; --data PATH supplies the original bytes from elsewhere.

            Examples:
              ftsweep reproduce 14
              ftsweep reproduce 14 --data /backup/train.jsonl
            """)

    @Argument(help: ArgumentHelp("The run to reproduce.", valueName: "run"))
    var run: Int

    @Option(name: .customLong("data"), help: ArgumentHelp("A file that may hold the original data (repeatable).", valueName: "path"), completion: .file())
    var data: [String] = []

    @Option(help: ArgumentHelp("Run it elsewhere: local, or the base URL of an OpenAI-compatible endpoint (key from OPENAI_API_KEY).", valueName: "provider"))
    var provider: String?

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        let reading = try ledger.openExisting()
        let plan: SweepPlan
        do {
            let original = try reading.run(run)
            plan = try Reproduction(ledger: reading, validator: DataCheckOptions.makeValidator(model: original.model, epochs: nil)).plan(run: run, data: data)
        } catch let error as LedgerError {
            throw CommandFailure(error)
        } catch let error as ReproductionError {
            throw CommandFailure(error.description, status: ExitStatus.dataError)
        }
        // Another provider trains this one run; the sweep keeps the provider its spec names.
        var target = plan.spec.provider
        if let choice = self.provider {
            guard let named = ProviderRegistry.standard.spec(forTarget: choice) else {
                throw CommandFailure("--provider takes local or an endpoint's base URL; found '\(choice)'", status: ExitStatus.usage)
            }
            target = named
        }
        let provider = try SweepOptions.provider(for: target, ledgerPath: ledger.ledgerPath, specFolder: plan.spec.folder)
        let launcher = Launcher(ledger: try ledger.openForWriting(), provider: provider) { _ in }
        let outcome = try await launcher.launch(plan, maxParallel: 1)
        guard let rerun = outcome.ran.first else { throw CommandFailure("nothing ran") }
        switch output.format {
        case .json: print(try JSONOutput.render(rerun))
        case .table:
            print("run \(rerun.id) reproduces run \(run) (trial \(String(rerun.trialKey.prefix(12))), attempt \(rerun.attempt)): \(rerun.state)\(rerun.fineTunedModel.map { " → \($0)" } ?? "")")
        }
        if rerun.state != .succeeded { throw ExitCode(ExitStatus.failure) }
    }
}
