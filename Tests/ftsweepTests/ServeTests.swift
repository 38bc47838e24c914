import Foundation
import HTTPClient
import TestSupport
import Testing

private let repository = TestPaths.repository

/// A spec over the demo data on a given provider.
private func spec(in folder: String, name: String, provider: String) {
    let text = """
        name: \(name)
        provider: \(provider)
        training_file: \(repository)/experiments/data/triage/train.jsonl
        validation_file: \(repository)/experiments/data/triage/valid.jsonl
        seed: 5
        suffix: s
        parameters:
          model: {values: [local-small, local-base]}
          n_epochs: {values: [1, 2]}
          learning_rate_multiplier: {values: [0.5, 2]}
          batch_size: {value: 32}
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/\(name).yaml", contents: Data(text.utf8))
}

private func ranking(_ result: CommandResult) throws -> [[String]] {
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let ranked = try #require(summary["ranked"] as? [[String: Any]])
    return ranked.map { run in
        [run["model"], run["n_epochs"], run["learning_rate_multiplier"], run["full_valid_loss"]].map { "\($0 ?? "-")" }
    }
}

@Suite(.serialized) struct ServeTests {
    @Test func theDemoSweepThroughServeRanksExactlyAsTheLocalProviderDoes() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("remote")
        let demo = try String(contentsOfFile: "\(repository)/experiments/sweeps/triage.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../data/", with: "\(repository)/experiments/data/")
        try demo.write(toFile: "\(folder)/local.yaml", atomically: true, encoding: .utf8)
        try demo.replacingOccurrences(of: "provider: local", with: "provider: {kind: openai, base_url: \"\(server.baseURL)\"}")
            .replacingOccurrences(of: "name: triage-demo", with: "name: remote")
            .write(toFile: "\(folder)/remote.yaml", atomically: true, encoding: .utf8)
        let local = try CommandRunner.ftsweep(["sweep", "launch", "local.yaml", "--format", "json"], in: folder)
        let remote = try CommandRunner.ftsweep(["sweep", "launch", "remote.yaml", "--format", "json"], in: folder)
        #expect(remote.status == 0, "\(remote.stderr)")
        let expected = try ranking(local)
        #expect(expected.count == 16)
        #expect(try ranking(remote) == expected)
        // The client's ledger holds the remote runs' metrics, ingested from events and result files.
        let runs = try CommandRunner.ftsweep(["runs", "ls", "--sweep", "remote", "--format", "json"], in: folder)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(records.allSatisfy { ($0["job_id"] as? String)?.hasPrefix("ftjob-") == true && ($0["steps"] as? Int ?? 0) > 0 })
    }

    @Test func theAPIKeyNeverReachesOutputOrTheLedger() throws {
        let canary = "sk-canary-\(UUID().uuidString)"
        let server = try ServeProcess(arguments: ["--api-key", canary])
        defer { server.stop() }
        let folder = TestPaths.scratchDirectory("canary")
        spec(in: folder, name: "keyed", provider: "{kind: openai, base_url: \"\(server.baseURL)\", api_key_env: FT_TEST_KEY}")
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "keyed.yaml", "-p", "model=local-small", "-p", "n_epochs=1", "-p", "learning_rate_multiplier=1"], in: folder, environment: ["FT_TEST_KEY": canary])
        #expect(launch.status == 0, "\(launch.stderr)")
        #expect(!launch.stdout.contains(canary) && !launch.stderr.contains(canary))
        for file in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            let data = FileManager.default.contents(atPath: "\(folder)/\(file)") ?? Data()
            #expect(data.range(of: Data(canary.utf8)) == nil, "the key is in \(file)")
        }
        // A wrong key is refused with a message that does not echo it.
        let wrong = try CommandRunner.ftsweep(["sweep", "launch", "keyed.yaml", "-p", "model=local-small", "-p", "n_epochs=2", "-p", "learning_rate_multiplier=1"], in: folder, environment: ["FT_TEST_KEY": "sk-wrong-key"])
        #expect(wrong.status == 1)
        #expect(!wrong.stdout.contains("sk-wrong-key") && !wrong.stderr.contains("sk-wrong-key"))
    }

    @Test func serveAnswersWithOpenAIErrorBodiesAndRequestIDs() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let response = try HTTPClient().sendBlocking(HTTPRequest(url: "\(server.baseURL)/fine_tuning/jobs/ftjob-missing"))
        #expect(response.status == 404)
        #expect(response.headers["x-request-id"]?.hasPrefix("req_") == true)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: [String: Any]])
        #expect(body["error"]?["message"] as? String == "No such fine-tuning job: ftjob-missing")
        #expect(body["error"]?["type"] as? String == "invalid_request_error")
    }
}
