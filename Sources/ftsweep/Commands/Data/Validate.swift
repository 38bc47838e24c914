import ArgumentParser
import Datasets
import Foundation
import Reports

extension DataCommand {
    /// `ftsweep data validate`: format checks, exact token counts and the cost of training.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check JSONL training data: format, exact token counts, and training cost.",
            discussion: """
                Every problem is printed as FILE:LINE: KEY: MESSAGE (docs/data-checks.md lists the keys). \
                Exit status: 0 valid (warnings allowed), 1 invalid, 64 usage error. Nothing is written.

                Examples:
                  ftsweep data validate train.jsonl
                  ftsweep data validate train.jsonl --validation valid.jsonl --model gpt-4o-mini-2024-07-18 --epochs 3
                  ftsweep data validate train.jsonl --format json | jq '.[0].estimate.cost'
                """)

        @Argument(help: ArgumentHelp("Training files (JSONL).", valueName: "file"), completion: .file())
        var files: [String]

        @Option(help: ArgumentHelp("A validation file, also checked for examples shared with the training files.", valueName: "file"), completion: .file())
        var validation: String?

        @OptionGroup var check: DataCheckOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one training file") }
        }

        func run() async throws {
            let reports: [DatasetReport]
            do {
                reports = try check.makeValidator().validate(training: files, validation: validation)
            } catch {
                throw CommandFailure(error)
            }
            let view = ValidationReportView(reports)
            switch output.format {
            case .json: print(try JSONOutput.render(reports))
            case .table:
                view.problemLines().forEach { print($0) }
                print(view.summary())
            }
            if reports.contains(where: { !$0.isValid }) { throw ExitCode(ExitStatus.failure) }
        }
    }
}
