import ArgumentParser
import Datasets
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

extension DataCommand {
    /// `ftsweep data add`: validate, then record the dataset by its digest.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Validate a dataset and record it in the ledger by the SHA-256 of its bytes.",
            discussion: """
                The same bytes at another path add a path, not a second dataset; new bytes at a known path \
                are a new dataset. An invalid file is refused and the ledger is left as it was.

                Examples:
                  ftsweep data add train.jsonl --name support-v1
                  ftsweep data add train.jsonl --ledger /tmp/ledger.sqlite --format json
                """)

        @Argument(help: ArgumentHelp("The dataset (JSONL).", valueName: "file"), completion: .file())
        var file: String

        @Option(help: ArgumentHelp("A name to find the dataset by.", valueName: "name"))
        var name: String?

        @OptionGroup var check: DataCheckOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let report: DatasetReport
            do {
                report = try check.makeValidator().validateTraining(path: file).report
            } catch {
                throw CommandFailure(error)
            }
            guard report.isValid else {
                let view = ValidationReportView([report])
                view.problemLines().forEach { StandardError.write($0) }
                throw CommandFailure("\(file) is not valid (\(report.errors) errors); nothing was recorded")
            }
            let record = DatasetRecord(report: report, name: name)
            let outcome = try ledger.openForWriting().registerDataset(record, path: Self.absolute(file))
            switch output.format {
            case .json: print(try JSONOutput.render(AddResult(outcome: outcome, dataset: record)))
            case .table:
                let what = switch outcome {
                case .added: "added"
                case .pathAdded: "known dataset, new path recorded:"
                case .unchanged: "already recorded:"
                }
                print("\(what) \(record.digest) \(record.name.map { "(\($0)) " } ?? "")— \(Formatting.grouped(record.examples)) examples, \(Formatting.grouped(record.tokens)) tokens")
            }
        }

        static func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.path
        }
    }
}

private struct AddResult: Encodable {
    var outcome: DatasetRegistration
    var dataset: DatasetRecord
}
