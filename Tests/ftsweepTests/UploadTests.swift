import Foundation
import TestSupport
import Testing

private let repository = TestPaths.repository

/// A spec of `seeds` one-epoch trials on an OpenAI-compatible endpoint at `baseURL`.
private func endpointSpec(_ baseURL: String, seeds: Int) -> String {
    let folder = TestPaths.scratchDirectory("uploads")
    let text = """
        name: uploads
        provider: {kind: openai, base_url: "\(baseURL)"}
        training_file: \(repository)/experiments/data/triage/train.jsonl
        validation_file: \(repository)/experiments/data/triage/valid.jsonl
        parameters:
          model: {value: local-small}
          batch_size: {value: 64}
          n_epochs: {value: 1}
          seed: {values: [\((1...seeds).map(String.init).joined(separator: ", "))]}
        """
    _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data(text.utf8))
    return folder
}

@Suite struct UploadTests {
    @Test func trialsLaunchedTogetherUploadEachFileOnce() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let proxy = try RecordingProxy(upstream: server.port)
        defer { proxy.stop() }
        let folder = endpointSpec(proxy.baseURL, seeds: 4)
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--max-parallel", "4"], in: folder)
        #expect(launch.status == 0, "\(launch.stdout)\(launch.stderr)")
        #expect(proxy.requests.filter { $0 == "POST /v1/files" }.count == 2, "one upload each for training and validation: \(proxy.requests)")
        #expect(proxy.requests.filter { $0 == "POST /v1/fine_tuning/jobs" }.count == 4)
    }

    @Test func filesUploadedForJobsTheProviderRefusesForGoodAreDeleted() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let refusal = #"{"error": {"message": "Fine-tuning is not available for this organization.", "type": "invalid_request_error", "param": null, "code": "training_not_available"}}"#
        let proxy = try RecordingProxy(upstream: server.port) { $0 == "POST /v1/fine_tuning/jobs" ? (403, refusal) : nil }
        defer { proxy.stop() }
        let folder = endpointSpec(proxy.baseURL, seeds: 2)
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml", "--max-parallel", "2"], in: folder)
        #expect(launch.status != 0)
        #expect((launch.stdout + launch.stderr).contains("deleted the files this launch uploaded (file-"), "\(launch.stdout)\(launch.stderr)")
        #expect(proxy.requests.filter { $0.hasPrefix("DELETE /v1/files/") }.count == 2, "\(proxy.requests)")
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: "\(server.folder)/local/files")) ?? []
        #expect(!stored.contains { $0.hasSuffix(".jsonl") }, "the server still holds \(stored)")
        let info = try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: folder)
        #expect(info.stdout.contains("\"uploads\" : 0"), "\(info.stdout)")
        let status = try CommandRunner.ftsweep(["sweep", "status", "uploads"], in: folder)
        #expect(status.stdout.contains("deleted the files this launch uploaded"), "\(status.stdout)")
    }
}
