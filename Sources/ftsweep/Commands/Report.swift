import ArgumentParser
import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore

/// `ftsweep report`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page about a sweep: ranked runs, curves, plots, evaluations, datasets and spec.",
        discussion: """
            The page needs no network: its style, its charts (SVG) and the script that shows and hides \
            runs are all inside the file. It reads on a phone and prints a section a page. Two reports of \
            the same ledger differ only in their "generated" line. The file is written whole or not at all.

            Examples:
              ftsweep report triage-demo -o report.html
              ftsweep report 3 -o - --ledger runs.sqlite | gzip > report.html.gz
            """)

    @Argument(help: ArgumentHelp("The sweep (name or id).", valueName: "sweep"))
    var sweep: String

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The HTML file to write; - for standard output.", valueName: "file"), completion: .file())
    var output: String

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let report: SweepReport
        do {
            report = try SweepReport(reading: sweep, from: try ledger.openForReading(), generatedAt: Self.timestamp(Date()))
        } catch let error as LedgerError {
            throw CommandFailure(error)
        }
        let html = Data(SweepReportPage(report).render().utf8)
        if output == "-" {
            FileHandle.standardOutput.write(html)
            return
        }
        do {
            // .atomic writes a temporary file beside the target and renames it: never half a page.
            try html.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure("\(output): cannot write the report (\(error.localizedDescription))", status: ExitStatus.unavailable)
        }
        print("wrote \(output): sweep \(report.sweep.name), \(report.runs.count.counted("run")), \(Formatting.bytes(html.count))")
    }

    /// `2026-11-21 22:40 UTC`: the report's one line that changes between two runs.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
