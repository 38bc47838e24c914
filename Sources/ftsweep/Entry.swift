import ArgumentParser
import Foundation

/// The `ftsweep` command: parses, runs one subcommand, and turns errors into one `error:` line.
@main
struct FTSweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftsweep",
        abstract: "Sweep hyperparameters for fine-tuning chat models, and keep an exact ledger of every trial.",
        discussion: """
            Examples:
              ftsweep data validate train.jsonl --validation valid.jsonl
              ftsweep sweep plan experiments/sweeps/triage.yaml
              ftsweep sweep launch experiments/sweeps/triage.yaml
              ftsweep best -q
            Shell completion: ftsweep --generate-completion-script bash > /etc/bash_completion.d/ftsweep

            Exit status, the same for every command: 0 ok, 1 the answer is no (invalid data, a failed \
            check, a trial that did not succeed), 64 bad usage, 65 bad input data, 66 not found (an \
            unknown run, sweep, alias, dataset or model), 69 a provider or the ledger unavailable, \
            130 interrupted.
            """,
        version: FTSweepVersion.current,
        subcommands: [DataCommand.self, SweepCommand.self, RunsCommand.self, Collect.self, Ingest.self, Best.self, Compare.self, Reproduce.self, Export.self, ImportBundle.self, Promote.self, AliasCommand.self, Chat.self, Eval.self, ReportCommand.self, Serve.self, LedgerCommand.self])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            failure.report()
        } catch let status as ExitCode where status != .validationFailure {
            Foundation.exit(status.rawValue)  // the command already said why
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }  // --help, --version
            let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            StandardError.write("error: \(lowercasingFirst(message.replacingPrefix("Error: ", with: "")))")
            Foundation.exit(code == .validationFailure ? ExitStatus.usage : (code.rawValue == 1 ? ExitStatus.failure : code.rawValue))
        }
    }

    private static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase, !(text.dropFirst().first?.isUppercase ?? false) else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

/// The version `--version` prints.
enum FTSweepVersion {
    static let current = "0.1.0"
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
