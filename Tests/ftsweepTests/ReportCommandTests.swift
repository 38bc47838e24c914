import Foundation
import TestSupport
import Testing

private let repository = TestPaths.repository

/// A folder with a ledger holding sweep `cli`: two real local runs (one and two epochs).
private func sweptWorkspace() throws -> String {
    try TriageSweep.launched("cli", parameters: ["model: {value: local-small}", "batch_size: {value: 64}", "n_epochs: {values: [1, 2]}"])
}

/// The page without its one varying line.
private func withoutTimestamp(_ html: String) -> String {
    html.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("<dt>generated</dt>") }.joined(separator: "\n")
}

/// An attribute of the dumped `<html>` element, e.g. `data-errors`.
private func rootAttribute(_ name: String, in dom: String) -> String? {
    guard let tag = dom.range(of: "<html").map({ dom[$0.lowerBound...].prefix { $0 != ">" } }),
          let start = tag.range(of: "\(name)=\"") else { return nil }
    return String(tag[start.upperBound...].prefix { $0 != "\"" })
}

@Suite struct ReportCommandTests {
    @Test func writesOnePageAndStandardOutputGivesTheSameBytes() throws {
        let folder = try sweptWorkspace()
        let written = try CommandRunner.ftsweep(["report", "cli", "-o", "report.html"], in: folder)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.hasPrefix("wrote report.html: sweep cli, 2 runs, "))
        let html = try String(contentsOfFile: "\(folder)/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<meta name=\"viewport\""))
        // Offline: no address but SVG's namespace name, no linked file.
        let addresses = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!addresses.contains("http://") && !addresses.contains("https://") && !html.contains(" src=") && !html.contains("<link"))
        #expect(html.contains("sha256:") && html.contains("<pre class=\"spec\">name: cli"))

        let printed = try CommandRunner.ftsweep(["report", "cli", "-o", "-"], in: folder)
        #expect(printed.status == 0)
        #expect(withoutTimestamp(printed.stdout) == withoutTimestamp(html))
    }

    @Test func anUnknownSweepIsOneErrorLineAndWritesNothing() throws {
        let folder = try sweptWorkspace()
        let result = try CommandRunner.ftsweep(["report", "nope", "-o", "report.html"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr == "error: no sweep matches 'nope'\n")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/report.html"))
    }

    /// Renders the report in headless Chromium: no script errors, one curve per run, and the
    /// screenshots kept as test artefacts in `.build/test-artefacts/` (report.png at desktop width,
    /// report-phone.png at a phone's), beside the page itself (report.html).
    @Test(.enabled(if: HeadlessChromium.path != nil, "chromium not found: `make test` installs it (apt-get install chromium), or set $CHROMIUM"))
    func headlessChromiumRendersTheReportWithoutErrorsAndOneCurvePerRun() throws {
        let browser = try #require(HeadlessChromium.path)
        let folder = try sweptWorkspace()
        let artefacts = "\(repository)/.build/test-artefacts"
        try FileManager.default.createDirectory(atPath: artefacts, withIntermediateDirectories: true)
        let page = "\(artefacts)/report.html"
        let written = try CommandRunner.ftsweep(["report", "cli", "-o", page], in: folder)
        #expect(written.status == 0, "\(written.stderr)")

        let dump = try HeadlessChromium.run(browser, file: page, ["--virtual-time-budget=5000", "--dump-dom"])
        #expect(dump.status == 0, "\(dump.stderr)")
        #expect(rootAttribute("data-ready", in: dump.stdout) == "true", "the page's script did not finish")
        #expect(rootAttribute("data-errors", in: dump.stdout) == "0")
        #expect(rootAttribute("data-curve-runs", in: dump.stdout) == "2")
        #expect(rootAttribute("data-curves", in: dump.stdout) == "4")  // train and valid for each run
        #expect(rootAttribute("data-visible-curves", in: dump.stdout) == "4")
        #expect(HeadlessChromium.consoleProblems(dump.stderr).isEmpty, "\(HeadlessChromium.consoleProblems(dump.stderr))")

        for (name, size) in [("report.png", "1280,3000"), ("report-phone.png", "390,2600")] {
            try? FileManager.default.removeItem(atPath: "\(artefacts)/\(name)")
            let shot = try HeadlessChromium.run(browser, file: page, ["--screenshot=\(artefacts)/\(name)", "--window-size=\(size)"])
            #expect(shot.status == 0, "\(shot.stderr)")
            #expect(HeadlessChromium.consoleProblems(shot.stderr).isEmpty, "\(HeadlessChromium.consoleProblems(shot.stderr))")
            let bytes = try #require(FileManager.default.contents(atPath: "\(artefacts)/\(name)"))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000)
        }
    }
}
