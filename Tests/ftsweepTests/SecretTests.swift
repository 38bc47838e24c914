import Foundation
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// Writes a key file with the given permissions.
private func writeKey(_ key: String, to path: String, mode: Int16) {
    _ = FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: mode])
}

/// Every regular file under `folder`, except the key files themselves.
private func filesWritten(under folder: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var files: [String] = []
    while let relative = enumerator?.nextObject() as? String {
        let path = "\(folder)/\(relative)"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, !relative.hasSuffix(".key") {
            files.append(path)
        }
    }
    return files
}

@Suite(.serialized) struct SecretTests {
    @Test func aCanaryKeyIsAbsentFromEveryByteFtsweepWrites() throws {
        let canary = "sk-canary-\(UUID().uuidString)"
        let wrong = "sk-wrong-\(UUID().uuidString)"
        let folder = TestPaths.scratchDirectory("canary")
        writeKey(canary, to: "\(folder)/serve.key", mode: 0o600)
        writeKey(canary, to: "\(folder)/client.key", mode: 0o600)
        writeKey(wrong, to: "\(folder)/wrong.key", mode: 0o600)
        let server = try ServeProcess(arguments: ["--api-key-file", "\(folder)/serve.key"])
        defer { server.stop() }
        func spec(_ name: String, key: String) -> String {
            """
            name: \(name)
            provider: {kind: openai, base_url: "\(server.baseURL)", \(key)}
            training_file: \(triage)/train.jsonl
            validation_file: \(triage)/valid.jsonl
            parameters:
              model: {value: local-small}
              batch_size: {value: 64}
              n_epochs: {values: [1, 2]}
            """
        }
        try spec("from-file", key: "api_key_file: client.key").write(toFile: "\(folder)/file.yaml", atomically: true, encoding: .utf8)
        try spec("from-env", key: "api_key_env: CANARY_KEY").write(toFile: "\(folder)/env.yaml", atomically: true, encoding: .utf8)
        try spec("refused", key: "api_key_file: wrong.key").write(toFile: "\(folder)/wrong.yaml", atomically: true, encoding: .utf8)
        let environment = ["CANARY_KEY": canary]
        var outputs: [CommandResult] = []
        func run(_ arguments: [String]) throws -> CommandResult {
            let result = try CommandRunner.ftsweep(arguments, in: folder, environment: environment)
            outputs.append(result)
            return result
        }
        #expect(try run(["sweep", "launch", "file.yaml"]).status == 0)
        #expect(try run(["sweep", "launch", "env.yaml", "--format", "json"]).status == 0)
        let refused = try run(["sweep", "launch", "wrong.yaml"])
        #expect(refused.status == 1 && refused.stderr.contains("the API key was refused (401)"), "\(refused.stdout)\(refused.stderr)")
        for arguments in [
            ["collect"], ["runs", "ls", "--format", "json"], ["runs", "show", "1"], ["sweep", "status", "from-file", "--format", "json"],
            ["sweep", "resume", "from-env"], ["export", "--sweep", "from-file"], ["ledger", "info"],
        ] {
            _ = try run(arguments)
        }
        server.stop()

        let written = filesWritten(under: folder) + filesWritten(under: server.folder)
        #expect(written.contains { $0.hasSuffix("ledger.sqlite") } && written.contains { $0.hasSuffix(".ftlm") }, "the ledger and model files were written")
        for secret in [canary, wrong] {
            for path in written {
                let bytes = FileManager.default.contents(atPath: path) ?? Data()
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(path) holds the key")
            }
            for output in outputs {
                #expect(!(output.stdout + output.stderr).contains(secret), "a command printed the key")
            }
        }
    }

    @Test func aKeyFileOthersCanReadIsRefusedWithoutShowingTheKey() throws {
        let folder = TestPaths.scratchDirectory("key-mode")
        let key = "sk-open-\(UUID().uuidString)"
        writeKey(key, to: "\(folder)/open.key", mode: 0o644)
        let spec = """
            name: open
            provider: {kind: openai, base_url: "http://127.0.0.1:9/v1", api_key_file: open.key}
            training_file: \(triage)/train.jsonl
            parameters:
              model: {value: local-small}
            """
        try spec.write(toFile: "\(folder)/spec.yaml", atomically: true, encoding: .utf8)
        let result = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr == "error: the API key file ./open.key can be read by others (mode 644); run 'chmod 600 ./open.key'\n")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/.ftsweep"), "nothing was written")
        let serve = try CommandRunner.ftsweep(["serve", "--port", "0", "--api-key-file", "open.key"], in: folder)
        #expect(serve.status == 64 && serve.stderr.contains("can be read by others") && !serve.stderr.contains(key))
        let exposed = try CommandRunner.ftsweep(["serve", "--host", "0.0.0.0", "--port", "0"], in: folder)
        #expect(exposed.status == 64 && exposed.stderr == "error: serving on 0.0.0.0, beyond loopback, needs --api-key-file (or --api-key)\n")
    }
}
