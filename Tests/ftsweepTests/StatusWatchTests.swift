import Foundation
import TestSupport
import Testing

@Suite struct StatusWatchTests {
    /// A launch of three real trials, one at a time, watched twice while it runs: through a pseudo-terminal
    /// (`script`), where the status is redrawn in place, and through a pipe, where each change is one line.
    @Test func watchRedrawsOnATerminalPrintsLinesInAPipeAndEndsWithTheSweep() throws {
        let folder = TriageSweep.workspace(
            "w", parameters: ["model: {value: local-small}", "batch_size: {value: 8}", "n_epochs: {values: [1, 2, 3]}"], extra: ["max_parallel: 1"])
        let launch = try CommandRunner.start(["sweep", "launch", "spec.yaml"], in: folder)
        defer { launch.terminate() }
        #expect(Waiting.until { (try? CommandRunner.ftsweep(["sweep", "status", "w"], in: folder).status) == 0 })

        let screen = "\(folder)/screen.txt"
        let terminal = Process()
        terminal.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        terminal.arguments = ["-qefc", "'\(CommandRunner.ftsweep)' sweep status w --watch --interval 0.1", screen]
        terminal.currentDirectoryURL = URL(fileURLWithPath: folder)
        terminal.standardInput = FileHandle.nullDevice
        terminal.standardOutput = FileHandle.nullDevice
        try terminal.run()

        let piped = try CommandRunner.ftsweep(["sweep", "status", "w", "--watch", "--interval", "0.1"], in: folder)
        terminal.waitUntilExit()
        launch.waitUntilExit()

        #expect(piped.status == 0 && terminal.terminationStatus == 0)
        let lines = piped.stdout.split(separator: "\n")
        #expect(lines.count >= 2, "a line for each change: \(lines)")
        #expect(!piped.stdout.contains("\u{1B}"), "no escape sequences in a pipe")
        #expect(lines.allSatisfy { $0.contains("Z sweep w ") }, "each line starts with a timestamp")
        #expect(lines.last?.hasSuffix("3 runs (3 succeeded)") == false && lines.last?.contains("3 runs (3 succeeded); best run") == true)

        let drawn = try String(contentsOfFile: screen, encoding: .utf8)
        #expect(drawn.components(separatedBy: "\u{1B}[H\u{1B}[J").count - 1 >= 2, "redrawn in place at least twice")
        let last = try #require(drawn.components(separatedBy: "\u{1B}[H\u{1B}[J").last)
        #expect(last.contains("TRAIN LOSS") && last.contains("runs: 3 (3 succeeded)"))
        #expect(last.unicodeScalars.contains { (0x2581...0x2588).contains($0.value) }, "sparklines drawn")
    }
}
