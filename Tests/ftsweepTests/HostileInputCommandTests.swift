import Foundation
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A folder with a spec over the demo data; `body` adds or replaces top-level keys and parameters.
private func workspace(name: String = "hostile", suffix: String = "ok", training: String = "\(triage)/train.jsonl", parameters: String) -> String {
    let folder = TestPaths.scratchDirectory("hostile-input")
    let spec = """
        name: \(name)
        training_file: \(training)
        suffix: \(suffix)
        parameters:
          model: {value: local-small}
        \(parameters)
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(spec.utf8))
    return folder
}

/// A grid of a thousand seeds times a thousand learning rates: a million trials.
private let millionGrid = """
      seed: {values: [\((1...1000).map(String.init).joined(separator: ", "))]}
      learning_rate_multiplier: {values: [\((1...1000).map { "\(Double($0) / 100)" }.joined(separator: ", "))]}
    """

/// Hostile input gets one clear line and a documented exit, quickly and in bounded memory.
@Suite struct HostileInputCommandTests {
    @Test func aMillionTrialGridIsRefusedAtOnceWithoutRunCapOrYes() throws {
        let folder = workspace(parameters: millionGrid)
        let started = ContinuousClock.now
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 64 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(result.stderr.hasSuffix(
            "parameters: the grid has 1000000 trials, over 10000; set run_cap to run the first N, narrow the grid, or pass --yes\n"), "\(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(20))
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 64 && !FileManager.default.fileExists(atPath: "\(folder)/.ftsweep"), "\(launch.stderr)")
    }

    @Test func runCapPlansOnlyTheFirstTrialsOfAMillionTrialGrid() throws {
        let folder = workspace(parameters: millionGrid)
        let spec = try String(contentsOfFile: "\(folder)/spec.yaml", encoding: .utf8)
        try ("run_cap: 3\n" + spec).write(toFile: "\(folder)/spec.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let trials = try #require(plan["trials"] as? [[String: Any]])
        #expect(trials.map { $0["seed"] as? Int } == [1, 2, 3])
        #expect(trials.map { $0["learning_rate_multiplier"] as? Double } == [0.01, 0.01, 0.01])
    }

    @Test func dataValidateOfALineThatNeverEndsStopsWithLineTooLong() throws {
        let folder = TestPaths.scratchDirectory("hostile-input")
        let result = try CommandRunner.ftsweep(["data", "validate", "/dev/zero"], in: folder)
        #expect(result.status == 65 && result.stdout.isEmpty)
        #expect(result.stderr.hasSuffix(
            "error: /dev/zero:1: line_too_long: the line runs past 256 MiB without ending; no example OpenAI accepts is that long\n"), "\(result.stderr)")
    }

    @Test func aTrainingFileThatNeverEndsStopsSweepPlan() throws {
        let folder = workspace(training: "/dev/zero", parameters: "")
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("/dev/zero:1: line_too_long"), "\(result.stderr)")
    }

    @Test(arguments: [
        ("\"a:b\"", "suffix"), ("\"bad\\u001b[2Jname\"", "suffix"), ("\(String(repeating: "x", count: 65))", "suffix"),
        ("\"has space\"", "suffix"),
    ])
    func suffixesAreValidatedAsOpenAIBuildsModelIDs(suffix: String, field: String) throws {
        let folder = workspace(suffix: suffix, parameters: "")
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("suffix: must be 1 to 64 letters, digits, '-' or '_'"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"))
    }

    @Test func sweepNamesWithControlCharactersAreRefusedAndNeverPrintedRaw() throws {
        let folder = workspace(name: "\"evil\\u001b]0;pwned\\u0007\"", parameters: "")
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("name: must be 1 to 128 letters, digits, '-', '_' or '.'"), "\(result.stderr)")
        let lookup = try CommandRunner.ftsweep(["sweep", "status", "evil\u{1B}]0;pwned\u{07}"], in: folder)
        #expect(!lookup.stderr.contains("\u{1B}") && !lookup.stderr.contains("\u{07}"), "\(lookup.stderr)")
    }

    @Test func aControlCharacterInASweepNameAlreadyInALedgerIsPrintedEscaped() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "the sqlite3 shell is installed")
        let folder = TestPaths.scratchDirectory("hostile-input")
        #expect(try CommandRunner.ftsweep(["data", "add", "\(triage)/valid.jsonl"], in: folder).status == 0)
        let insert = try CommandRunner.run(sqlite3, [".ftsweep/ledger.sqlite", """
            INSERT INTO sweeps (name, spec_text, spec_digest, method, metric, goal, provider, state, created_at)
            VALUES ('evil' || char(27) || '[2J', 'name: x', 'sha256:bb', 'grid', 'full_valid_loss', 'minimize', 'local', 'finished', '2026-01-01')
            """], in: folder, environment: ProcessInfo.processInfo.environment)
        try #require(insert.status == 0, "\(insert.stderr)")
        let list = try CommandRunner.ftsweep(["sweep", "ls"], in: folder)
        #expect(list.status == 0 && list.stdout.contains("evil\\u{1B}[2J") && !list.stdout.contains("\u{1B}"), "\(list)")
    }
}
