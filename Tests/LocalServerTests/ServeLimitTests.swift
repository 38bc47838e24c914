import Foundation
import TestSupport
import Testing

/// Issue 16, item 3: headers, bodies, time and connections are limited, and every refusal is an
/// OpenAI error body with `x-request-id`.
@Suite(.serialized) struct ServeLimitTests {
    private func expectError(
        _ response: (status: Int, headers: [String: String], body: [UInt8])?, _ status: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response?.status == status, sourceLocation: sourceLocation)
        #expect(response?.headers["x-request-id"]?.hasPrefix("req_") == true, sourceLocation: sourceLocation)
        let body = response.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] }
        #expect((body?["error"] as? [String: Any])?["message"] is String, sourceLocation: sourceLocation)
    }

    @Test func oversizedOrTooManyHeadersGet431Quickly() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let started = Date()
        let big = try RawConnection(port: server.port)
        big.send(rawRequest(server, "GET", "models", headers: ["X-Big: " + String(repeating: "a", count: 100_000)]))
        expectError(big.readResponse(), 431)
        let many = try RawConnection(port: server.port)
        many.send(rawRequest(server, "GET", "models", headers: (0..<500).map { "X-H\($0): v" }))
        expectError(many.readResponse(), 431)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try call(server, "GET", "models").status == 200)
    }

    @Test func idleConnectionsAreClosed() throws {
        let server = try ServeProcess(arguments: ["--idle-timeout", "1"])
        defer { server.stop() }
        let idle = try RawConnection(port: server.port, readTimeout: 10)
        let started = Date()
        #expect(idle.readChunk() == [])  // end of stream: the server closed it
        #expect(Date().timeIntervalSince(started) < 8)
    }

    @Test func aBodyShorterThanItsLengthGets408() throws {
        let server = try ServeProcess(arguments: ["--read-timeout", "1"])
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":"
        )
        expectError(connection.readResponse(), 408)
    }

    @Test func aChunkedBodyOverTheCapIsRefusedAsItArrives() throws {
        let server = try ServeProcess(arguments: ["--max-json-bytes", "100000"])
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        let chunk = "10000\r\n" + String(repeating: "a", count: 0x10000) + "\r\n"
        // 64 MiB would be sent if the server read it all; it answers after about 100 KB.
        var sent = 0
        while sent < 1024, connection.send(chunk) { sent += 1 }
        #expect(sent < 1024)
        expectError(connection.readResponse(), 413)
    }

    @Test(arguments: ["chat/completions", "fine_tuning/jobs", "files"])
    func aDeclaredLengthOverTheCapIs413OnEveryRoute(_ path: String) throws {
        let server = try ServeProcess(arguments: ["--max-json-bytes", "1000", "--max-upload-bytes", "1000"])
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send(
            "POST /v1/\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n"
        )
        expectError(connection.readResponse(), 413)
    }

    @Test func connectionsOverTheLimitGet503AndTheServerRecovers() throws {
        let server = try ServeProcess(arguments: ["--max-connections", "4"])
        defer { server.stop() }
        let held = try (0..<4).map { _ in try RawConnection(port: server.port) }
        // The gate counts a connection once the server has accepted it: wait until the fifth is refused.
        var refused: (status: Int, headers: [String: String], body: [UInt8])?
        Waiting.until(seconds: 10) {
            guard let extra = try? RawConnection(port: server.port) else { return false }
            extra.send(rawRequest(server, "GET", "models"))
            refused = extra.readResponse()
            return refused?.status == 503
        }
        expectError(refused, 503)
        // The held connections are still served.
        held[0].send(rawRequest(server, "GET", "models"))
        #expect(held[0].readResponse()?.status == 200)
    }

    @Test func runningOutOfFileDescriptorsDoesNotStopTheServer() throws {
        let server = try ServeProcess(arguments: ["--max-connections", "1000"], fileLimit: 64)
        defer { server.stop() }
        var connections: [RawConnection] = []
        for _ in 0..<120 {
            if let connection = try? RawConnection(port: server.port) { connections.append(connection) }
        }
        for connection in connections { connection.send(rawRequest(server, "GET", "models")) }
        connections.removeAll()
        #expect(server.isRunning)
        let answered = Waiting.until(seconds: 20) { (try? call(server, "GET", "models").status) == 200 }
        #expect(answered)
        #expect(server.isRunning)
    }
}
