import Foundation
import TestSupport
import Testing

/// Issue 16, item 4: a web page cannot drive a keyless server on 127.0.0.1 (DNS rebinding, cross-site posts).
@Suite(.serialized) struct ServeBrowserTests {
    @Test func aForeignHostIsRefusedAndTheServersOwnNamesAreAccepted() throws {
        let server = try ServeProcess(arguments: ["--allowed-host", "ftsweep.internal"])
        defer { server.stop() }
        for host in ["evil.example", "evil.example:\(server.port)", "127.0.0.2"] {
            #expect(try call(server, "GET", "models", headers: [("Host", host)]).status == 403, "\(host)")
        }
        for host in [
            "127.0.0.1:\(server.port)", "localhost:\(server.port)", "LOCALHOST", "[::1]:\(server.port)",
            "ftsweep.internal:\(server.port)",
        ] {
            #expect(try call(server, "GET", "models", headers: [("Host", host)]).status == 200, "\(host)")
        }
    }

    @Test func aCrossOriginRequestWithABodyIsRefused() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let body = #"{"model":"local-small","messages":[{"role":"user","content":"hi"}]}"#
        let foreign = try call(
            server, "POST", "chat/completions", json: body, headers: [("Origin", "http://evil.example")])
        #expect(foreign.status == 403)
        #expect(foreign.headers["x-request-id"] != nil)
        let own = try call(
            server, "POST", "chat/completions", json: body, headers: [("Origin", "http://127.0.0.1:\(server.port)")])
        #expect(own.status == 200)
    }

    @Test func jsonSentAsTextPlainIsRefused() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        let body = #"{"model":"local-small","messages":[{"role":"user","content":"hi"}]}"#
        connection.send(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
        #expect(connection.readResponse()?.status == 415)
    }
}
