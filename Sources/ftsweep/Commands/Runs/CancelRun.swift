import ArgumentParser
import Ledger
import Orchestration
import SweepCore

extension RunsCommand {
    /// `ftsweep runs cancel`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel one run's job at its provider and record the run as cancelled.",
            discussion: """
                The rest of the sweep goes on. A run that already ended is left as it is.

                Examples:
                  ftsweep runs cancel 14
                """)

        @Argument(help: ArgumentHelp("The run id.", valueName: "run"))
        var run: Int

        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            let ledger = try ledger.openForWriting()
            let record: RunRecord
            do { record = try ledger.run(run) } catch { throw CommandFailure(error) }
            guard !record.hasEnded else {
                throw CommandFailure("run \(record.id) already ended: \(record.state)")
            }
            guard let sweepName = record.sweepName else {
                throw CommandFailure("run \(record.id) was imported, not launched; ftsweep has no provider to cancel it with")
            }
            let provider = try SweepOptions.provider(for: try SweepLookup.find(sweepName, in: ledger), ledgerPath: self.ledger.ledgerPath)
            do {
                try await SweepControl(ledger: ledger).cancel(record, provider: provider)
            } catch {
                throw CommandFailure("could not cancel run \(record.id)'s job \(record.jobID ?? "-"): \(error)", status: ExitStatus.unavailable)
            }
            let after = try ledger.run(record.id)
            print(after.state == .cancelled ? "cancelled run \(record.id) (job \(record.jobID ?? "none yet"))" : "run \(record.id) ended before the cancel arrived: \(after.state)")
        }
    }
}
