import Foundation
import TestSupport
import Testing

/// The README's command reference is the CLI's own help, so it cannot drift.
@Suite struct ReadmeTests {
    private static let begin = "<!-- commands:begin (kept true by Tests/ftsweepTests/ReadmeTests.swift) -->"
    private static let end = "<!-- commands:end -->"

    @Test func theCommandReferenceMatchesTheCLI() throws {
        let dump = try CommandRunner.ftsweep(["--experimental-dump-help"], in: TestPaths.repository)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var rows: [String] = []
        collect(try #require(root["command"] as? [String: Any]), path: [], into: &rows)
        let expected = (["| command | what it does |", "|---|---|"] + rows).joined(separator: "\n")

        let readme = try String(contentsOfFile: "\(TestPaths.repository)/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: Self.begin)).upperBound
        let stop = try #require(readme.range(of: Self.end)).lowerBound
        let actual = readme[start..<stop].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(actual == expected, "replace the README's command block with:\n\(expected)")
    }

    @Test func theReadmeOpensWithTheTwoSetUpCommands() throws {
        let readme = try String(contentsOfFile: "\(TestPaths.repository)/README.md", encoding: .utf8)
        let head = readme.split(separator: "\n").prefix(12).joined(separator: "\n")
        #expect(head.contains("make demo"))
        #expect(head.contains("make test"))
    }

    private func collect(_ command: [String: Any], path: [String], into rows: inout [String]) {
        let name = command["commandName"] as? String ?? ""
        let here = path + [name]
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
        if subcommands.isEmpty {
            rows.append("| `\(here.joined(separator: " "))` | \(command["abstract"] as? String ?? "") |")
        }
        for subcommand in subcommands { collect(subcommand, path: here, into: &rows) }
    }
}

/// Help text is wrapped once, by the parser, to the terminal: a paragraph of a command's discussion
/// is one line in the source's text (examples excepted).
@Suite struct HelpTextTests {
    @Test func everyParagraphOfEveryDiscussionIsWrappedOnce() throws {
        let dump = try CommandRunner.ftsweep(["--experimental-dump-help"], in: TestPaths.repository)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var ragged: [String] = []
        func walk(_ command: [String: Any], _ path: String) {
            let here = "\(path) \(command["commandName"] as? String ?? "")"
            for paragraph in (command["discussion"] as? String ?? "").components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
                guard lines.count > 1, !lines[0].hasSuffix(":"), !lines[1].hasPrefix(" ") else { continue }
                ragged.append("\(here): \(lines[0].prefix(60))")
            }
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] { walk(subcommand, here) }
        }
        walk(try #require(root["command"] as? [String: Any]), "")
        #expect(ragged.isEmpty, "paragraphs broken by hand: \(ragged)")
    }
}

/// Shell completion offers files where a command takes a file.
@Suite struct CompletionTests {
    @Test func bashCompletesFilePathsForFileArguments() throws {
        let script = try CommandRunner.ftsweep(["--generate-completion-script", "bash"], in: TestPaths.repository)
        #expect(script.status == 0)
        // ArgumentParser completes files (`-f`, or `-fX` with extensions) where an argument declares `.file`.
        let fileCompletions = script.stdout.components(separatedBy: "\n").filter { $0.contains("add_completions -f") || $0.contains("-fX") }
        #expect(fileCompletions.count >= 10, "\(fileCompletions.count) file completions")
    }
}
