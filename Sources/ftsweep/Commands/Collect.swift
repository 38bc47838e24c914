import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Providers
import Reports
import SweepCore

/// `ftsweep collect`.
struct Collect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Poll providers for runs still going: events, state, result files and checkpoints into the ledger.",
        discussion: """
            Collecting twice changes nothing. Failed and cancelled jobs are recorded with their error codes. \
            With --watch it polls until every run has ended.

            Examples:
              ftsweep collect
              ftsweep collect triage-remote --watch --interval 30
            """)

    @Argument(help: ArgumentHelp("Only runs of these sweeps (names or ids).", valueName: "sweep"))
    var sweeps: [String] = []

    @Flag(help: "Keep polling until no run is left going.")
    var watch = false

    @Option(help: ArgumentHelp("Seconds between polls with --watch.", valueName: "seconds"))
    var interval: Double = 10

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func validate() throws {
        guard interval >= 0.1 else { throw ValidationError("--interval must be at least 0.1 seconds; found \(interval)") }
    }

    func run() async throws {
        let ledger = try ledger.openExisting()
        let records = Dictionary(try ledger.sweeps().map { ($0.name, $0) }) { first, _ in first }
        let ledgerPath = self.ledger.ledgerPath
        let watch = self.watch
        let collector = Collector(ledger: ledger) { key, sweep in
            let provider: (any FineTuningProvider)? =
                if let record = sweep.flatMap({ records[$0] }) {
                    try? SweepOptions.provider(for: record, ledgerPath: ledgerPath)
                } else {
                    ProviderRegistry.standard.spec(forLedgerKey: key).flatMap { try? SweepOptions.provider(for: $0, ledgerPath: ledgerPath) }
                }
            // With --watch, collect stays until its runs end, so it resumes local jobs whose process stopped.
            guard watch, var local = provider as? LocalProvider else { return provider }
            local.resumesStoppedJobs = true
            return local
        }
        while true {
            let outcome = try await collector.collect(sweeps: sweeps)
            switch output.format {
            // With --watch, one JSON object a line (a stream); either way each poll is flushed at once,
            // so a pipe or a log sees it even if the process is stopped.
            case .json: print(watch ? try JSONOutput.line(CollectLine(outcome)) : try JSONOutput.render(CollectLine(outcome)))
            case .table:
                print("polled \(outcome.polled.counted("run")): \(outcome.finished.count) ended, \(outcome.pending) still going, \(outcome.unreachable.count) unreachable")
                for (run, reason) in outcome.unreachable.sorted(by: { $0.key < $1.key }) { print("  run \(run): \(reason)") }
                if !outcome.scored.isEmpty || !outcome.unscored.isEmpty {
                    print("scored \(outcome.scored.count.counted("model")) on the validation file, \(outcome.unscored.count) could not be")
                    for (run, reason) in outcome.unscored.sorted(by: { $0.key < $1.key }) { print("  run \(run): \(reason)") }
                }
            }
            fflush(nil)
            guard watch, outcome.pending > 0 || !outcome.unreachable.isEmpty else { break }
            try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }
}

private struct CollectLine: Encodable {
    var polled: Int
    var finished: [Int]
    var pending: Int
    var unreachable: [String: String]
    var scored: [Int]
    var unscored: [String: String]

    init(_ outcome: CollectOutcome) {
        polled = outcome.polled
        finished = outcome.finished
        pending = outcome.pending
        unreachable = Dictionary(uniqueKeysWithValues: outcome.unreachable.map { (String($0.key), $0.value) })
        scored = outcome.scored
        unscored = Dictionary(uniqueKeysWithValues: outcome.unscored.map { (String($0.key), $0.value) })
    }
}
