import Foundation
import TestSupport
import Testing

/// Issue 16, item 5: keep-alive is not slower than a new connection per request; job lists page.
@Suite(.serialized) struct ServeSpeedTests {
    @Test func keepAliveRequestsAreAtLeastAsFastAsNewConnections() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let count = 40
        let request = rawRequest(server, "GET", "models")
        let reused = try RawConnection(port: server.port)
        var started = Date()
        for _ in 0..<count {
            reused.send(request)
            #expect(reused.readResponse()?.status == 200)
        }
        let keepAlive = Date().timeIntervalSince(started)
        started = Date()
        for _ in 0..<count {
            let fresh = try RawConnection(port: server.port)
            fresh.send(request)
            #expect(fresh.readResponse()?.status == 200)
        }
        let fresh = Date().timeIntervalSince(started)
        // Before: ~40 ms a keep-alive reply (Nagle and delayed ACKs), against ~1 ms a new connection.
        #expect(keepAlive < max(fresh * 2, 0.5), "keep-alive \(keepAlive) s, new connections \(fresh) s")
    }

    @Test func jobListsPageThroughEveryJobOnceWithAMetadataFilter() throws {
        let server = try ServeProcess(arguments: ["--instant-jobs"])
        defer { server.stop() }
        let file = try uploadTriage(server)
        var created: Set<String> = []
        for index in 0..<25 {
            let tag = index % 2 == 0 ? "even" : "odd"
            let answer = try call(
                server, "POST", "fine_tuning/jobs",
                json: #"{"model":"local-small","training_file":"\#(file)","metadata":{"tag":"\#(tag)"}}"#)
            if tag == "even" { created.insert(answer.json["id"] as? String ?? "") }
        }
        var seen: [String] = []
        var after: String?
        var pages = 0
        repeat {
            let answer = try call(
                server, "GET", "fine_tuning/jobs?limit=5&metadata%5Btag%5D=even" + (after.map { "&after=\($0)" } ?? ""))
            let ids = (answer.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            seen += ids
            after = (answer.json["has_more"] as? Bool) == true ? ids.last : nil
            pages += 1
        } while after != nil && pages < 10
        #expect(seen.count == 13 && Set(seen) == created)
        #expect(pages == 3)
        #expect(try call(server, "GET", "fine_tuning/jobs?limit=0").status == 400)
    }
}
