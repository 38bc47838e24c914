import Foundation
import TestSupport
import Testing

/// The official `openai` Python SDK against the server (issue 16): files, jobs (method, metadata
/// filter, paginated events, checkpoints, pause, resume, cancel), models, chat with and without streaming.
@Suite(.serialized) struct OpenAISDKTests {
    /// `.build/sdk-venv` with `openai` from PyPI, made on first use; nil with the reason when no Python exists.
    static func sdkPython() throws -> (python: String?, reason: String) {
        let venv = "\(TestPaths.repository)/.build/sdk-venv"
        let python = "\(venv)/bin/python"
        let environment = ProcessInfo.processInfo.environment
        let check = try? CommandRunner.run(
            python, ["-c", "import openai"], in: TestPaths.repository, environment: environment)
        if check?.status == 0 { return (python, "") }
        let made = try CommandRunner.run(
            "/usr/bin/env", ["python3", "-m", "venv", venv], in: TestPaths.repository, environment: environment)
        if made.status == 127 { return (nil, "no python3 on PATH") }
        guard made.status == 0 else { return (nil, "python3 cannot make a venv: \(made.stderr)") }
        let installed = try CommandRunner.run(
            "\(venv)/bin/pip", ["install", "-q", "openai"], in: TestPaths.repository, environment: environment)
        #expect(installed.status == 0, "pip install openai failed: \(installed.stderr)")
        return (python, "")
    }

    @Test func theOfficialPythonSDKWorksAgainstTheServer() throws {
        let (python, reason) = try Self.sdkPython()
        guard let python else {
            print("skipped: the openai SDK test needs Python: \(reason)")
            return
        }
        let server = try ServeProcess(arguments: ["--api-key", "sk-sdk-test"])
        defer { server.stop() }
        let result = try CommandRunner.run(
            python, [TestPaths.fixture("LocalServerTests", "sdk_client.py")], in: server.folder,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OPENAI_") }.merging([
                "OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "sk-sdk-test",
                "TRAINING_FILE": "\(TestPaths.repository)/experiments/data/triage/train.jsonl",
            ]) { $1 })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("ok\n"))
    }
}
