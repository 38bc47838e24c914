import Foundation
import HTTPClient
import TestSupport
import Testing

@Suite(.serialized) struct HTTPClientTests {
    @Test func downloadsABodyOverRealHTTP() throws {
        let body = Array((0..<100_000).map { UInt8($0 % 251) })
        let server = try StaticFileServer(files: ["/file.bin": body])
        defer { server.stop() }
        let response = try HTTPClient().sendBlocking(HTTPRequest(url: "http://127.0.0.1:\(server.port)/file.bin"))
        #expect(response.status == 200)
        #expect(response.body == body)
    }

    @Test func aMissingFileIsAStatusNotAnError() throws {
        let server = try StaticFileServer(files: [:])
        defer { server.stop() }
        let response = try HTTPClient().sendBlocking(HTTPRequest(url: "http://127.0.0.1:\(server.port)/none"))
        #expect(response.status == 404)
        #expect(!response.isSuccess)
    }

    @Test func aClosedPortIsATransportError() throws {
        // Port 1 on loopback: nothing listens there (a stopped test server's port could be reused).
        let url = "http://127.0.0.1:1/x"
        #expect { try HTTPClient().sendBlocking(HTTPRequest(url: url)) } throws: { error in
            guard case .transport(let code, _, _) = error as? HTTPError else { return false }
            return code == 7  // CURLE_COULDNT_CONNECT
        }
    }

    @Test func theAsyncSendRunsOffThePool() async throws {
        let server = try StaticFileServer(files: ["/a": Array("hello".utf8)])
        defer { server.stop() }
        let response = try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/a"))
        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
        #expect(response.headers["content-length"] == "5")
    }
}
