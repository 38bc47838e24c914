import Foundation
import TestSupport
import Testing

/// Issue 16, item 6: chat as the SDKs send it (array content, streaming), and deleted models gone.
@Suite(.serialized) struct ServeChatTests {
    @Test func arrayContentAndStreamingAreServed() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let parts = try call(
            server, "POST", "chat/completions",
            json:
                #"{"model":"local-small","messages":[{"role":"user","content":[{"type":"text","text":"the app crashes"}]}]}"#
        )
        #expect(parts.status == 200, "\(parts.text)")
        let plain = try call(
            server, "POST", "chat/completions",
            json: #"{"model":"local-small","messages":[{"role":"user","content":"the app crashes"}]}"#)
        let answer =
            ((plain.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
        let streamed = try call(
            server, "POST", "chat/completions",
            json: #"{"model":"local-small","stream":true,"messages":[{"role":"user","content":"the app crashes"}]}"#)
        #expect(streamed.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let events = streamed.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }.map {
            String($0.dropFirst(6))
        }
        #expect(events.last == "[DONE]")
        let text = events.dropLast().compactMap { event -> String? in
            let chunk = (try? JSONSerialization.jsonObject(with: Data(event.utf8))) as? [String: Any]
            return ((chunk?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String
        }.joined()
        #expect(answer != nil && text == answer)
    }

    @Test func aDeletedModelNoLongerAnswers() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let file = try uploadTriage(server)
        let created = try call(
            server, "POST", "fine_tuning/jobs",
            json: #"{"model":"local-small","training_file":"\#(file)","hyperparameters":{"n_epochs":1}}"#)
        let id = created.json["id"] as? String ?? ""
        var job: [String: Any] = [:]
        Waiting.until(seconds: 120) {
            job = (try? call(server, "GET", "fine_tuning/jobs/\(id)").json) ?? [:]
            return ["succeeded", "failed", "cancelled"].contains(job["status"] as? String ?? "")
        }
        let model = try #require(job["fine_tuned_model"] as? String)
        let chat = #"{"model":"\#(model)","messages":[{"role":"user","content":"hi"}]}"#
        #expect(try call(server, "POST", "chat/completions", json: chat).status == 200)
        #expect(try call(server, "DELETE", "models/\(model)").status == 200)
        #expect(try call(server, "POST", "chat/completions", json: chat).status == 404)
    }
}

/// Issue 16, item 6: a one-epoch job lists its final epoch's checkpoint, as OpenAI does.
@Suite(.serialized) struct ServeCheckpointTests {
    @Test func aOneEpochJobListsOneCheckpoint() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let file = try uploadTriage(server)
        let id =
            try call(
                server, "POST", "fine_tuning/jobs",
                json: #"{"model":"local-small","training_file":"\#(file)","hyperparameters":{"n_epochs":1}}"#
            ).json["id"] as? String ?? ""
        Waiting.until(seconds: 120) {
            ["succeeded", "failed", "cancelled"].contains(
                (try? call(server, "GET", "fine_tuning/jobs/\(id)").json["status"] as? String) ?? "")
        }
        let checkpoints =
            try call(server, "GET", "fine_tuning/jobs/\(id)/checkpoints").json["data"] as? [[String: Any]] ?? []
        #expect(checkpoints.count == 1)
    }
}
