import Foundation
import HTTPClient
import TestSupport
import Testing

/// Issue 16, item 6: the smaller defects, one test each.
@Suite(.serialized) struct ServeSmallerTests {
    @Test func aResultFileOfNoJobDoesNotExist() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        #expect(try call(server, "GET", "files/file-result-anything").status == 404)
        #expect(try call(server, "GET", "files/file-result-ftjob-AAAAAAAAAAAAAAAAAAAAAAAA").status == 404)
    }

    @Test func headIsAnsweredLikeGetWithoutABody() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send(rawRequest(server, "HEAD", "models"))
        let bytes = String(decoding: connection.readChunk() ?? [], as: UTF8.self)
        #expect(bytes.hasPrefix("HTTP/1.1 200"))
        #expect(bytes.hasSuffix("\r\n\r\n"))
    }

    @Test func faultsComeAfterAuthenticationAndTheBearerSchemeIsCaseInsensitive() throws {
        let server = try ServeProcess(arguments: ["--api-key", "sk-test", "--faults", "500=1"])
        defer { server.stop() }
        #expect(try call(server, "GET", "models").status == 401)
        #expect(try call(server, "GET", "models", headers: [("Authorization", "bearer sk-test")]).status == 500)
        #expect(try call(server, "GET", "models", headers: [("Authorization", "bearer sk-TEST")]).status == 401)
        let plain = try ServeProcess(arguments: ["--api-key", "sk-test"])
        defer { plain.stop() }
        #expect(try call(plain, "GET", "models", headers: [("Authorization", "bearer sk-test")]).status == 200)
        #expect(try call(plain, "GET", "models", headers: [("Authorization", "BEARER sk-test")]).status == 200)
    }

    @Test func anEmptyAPIKeyIsRefusedAtStart() throws {
        let result = try CommandRunner.ftsweep(
            ["serve", "--port", "0", "--api-key", ""], in: TestPaths.scratchDirectory("empty-key"))
        #expect(result.status == 64)
        #expect(result.stderr.contains("API key is empty"))
    }

    @Test func theServerListensOnIPv6Loopback() throws {
        let server = try ServeProcess(arguments: ["--host", "::1"])
        defer { server.stop() }
        let connection = try RawConnection(host: "::1", port: server.port)
        connection.send("GET /v1/models HTTP/1.1\r\nHost: [::1]:\(server.port)\r\n\r\n")
        #expect(connection.readResponse()?.status == 200)
    }

    @Test func purposeAndMetadataHaveOpenAIsLimits() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        var request = HTTPRequest(method: "POST", url: "\(server.baseURL)/files")
        request.multipart = [
            .field(name: "purpose", value: String(repeating: "p", count: 10_000)),
            .file(
                name: "file", path: "\(TestPaths.repository)/experiments/data/triage/train.jsonl", filename: "t.jsonl",
                contentType: "application/jsonl"),
        ]
        #expect(try HTTPClient().sendBlocking(request).status == 400)
    }

    @Test func maxRunningQueuesJobsBeyondTheLimit() throws {
        let server = try ServeProcess(arguments: ["--max-running", "1"])
        defer { server.stop() }
        let file = try uploadTriage(server)
        var ids: [String] = []
        for _ in 0..<3 {
            let answer = try call(
                server, "POST", "fine_tuning/jobs",
                json: #"{"model":"local-small","training_file":"\#(file)","hyperparameters":{"n_epochs":2}}"#)
            ids.append(answer.json["id"] as? String ?? "")
        }
        var mostRunning = 0
        let ended = Waiting.until(seconds: 120) {
            let states = ids.map {
                (try? call(server, "GET", "fine_tuning/jobs/\($0)").json["status"] as? String) ?? nil
            }
            mostRunning = max(mostRunning, states.filter { $0 == "running" || $0 == "paused" }.count)
            return states.allSatisfy { ["succeeded", "failed", "cancelled"].contains($0 ?? "") }
        }
        #expect(ended)
        #expect(mostRunning == 1)
    }
}
