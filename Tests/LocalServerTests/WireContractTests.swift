import Foundation
import Providers
import SweepCore
import TestSupport
import Testing

/// Decodes a real answer's body as the client does and encodes it as the server does: the same bytes
/// back mean the client reads every field the server writes, and the two share one shape.
@discardableResult
private func roundTrip<T: Codable>(_ type: T.Type, _ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation)
    throws -> T
{
    let value = try OpenAIWire.decoder().decode(T.self, from: Data(body))
    let again = try OpenAIWire.encoder.encode(value)
    #expect(
        String(decoding: again, as: UTF8.self) == String(decoding: body, as: UTF8.self), "\(T.self)",
        sourceLocation: sourceLocation)
    return value
}

/// Issue 17 §5: `OpenAIWire` is the contract between `ftsweep serve` and its clients, checked per
/// object family on the bytes a real server answers with.
@Suite(.serialized) struct WireContractTests {
    @Test func everyObjectTheServerWritesRoundTripsThroughTheWireTypes() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let fileID = try uploadTriage(server)
        let file = try roundTrip(OpenAIWire.File.self, call(server, "GET", "files/\(fileID)").body)
        #expect(file.id == fileID && file.filename == "train.jsonl" && file.bytes > 0)
        #expect(try roundTrip(OpenAIWire.List<OpenAIWire.File>.self, call(server, "GET", "files").body).data == [file])

        let body = #"{"model":"local-small","training_file":"\#(fileID)","suffix":"wire","metadata":{"k":"v"},"#
            + #""method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":1}}}}"#
        let created = try roundTrip(OpenAIWire.Job.self, call(server, "POST", "fine_tuning/jobs", json: body).body)
        var job = created
        #expect(
            try Waiting.until(seconds: 120) {
                job = try roundTrip(OpenAIWire.Job.self, call(server, "GET", "fine_tuning/jobs/\(created.id)").body)
                return job.status.isTerminal
            })
        #expect(job.status == .succeeded && job.metadata == ["k": "v"] && job.userProvidedSuffix == "wire")
        #expect(JobSnapshot(job).hyperparameters["n_epochs"] == .int(1))
        let jobs = try roundTrip(OpenAIWire.List<OpenAIWire.Job>.self, call(server, "GET", "fine_tuning/jobs").body)
        #expect(jobs.data == [job])

        let events = try roundTrip(
            OpenAIWire.List<OpenAIWire.Event>.self,
            call(server, "GET", "fine_tuning/jobs/\(job.id)/events?limit=100").body)
        #expect(events.data.contains { $0.type == "metrics" && $0.data?["step"] != nil })
        let checkpoints = try roundTrip(
            OpenAIWire.List<OpenAIWire.Checkpoint>.self, call(server, "GET", "fine_tuning/jobs/\(job.id)/checkpoints").body)
        #expect(checkpoints.data.map(\.fineTuningJobId) == [job.id] && checkpoints.lastId == checkpoints.data.last?.id)
        let resultFile = try #require(job.resultFiles.first)
        #expect(try roundTrip(OpenAIWire.File.self, call(server, "GET", "files/\(resultFile)").body).id == resultFile)

        let model = try #require(job.fineTunedModel)
        let models = try roundTrip(OpenAIWire.List<OpenAIWire.Model>.self, call(server, "GET", "models").body)
        #expect(models.data.map(\.id).contains(model))
        #expect(try roundTrip(OpenAIWire.Model.self, call(server, "GET", "models/\(model)").body).ownedBy == "user-local")
        let chat = #"{"model":"\#(model)","messages":[{"role":"user","content":"hi"}]}"#
        let answer = try roundTrip(OpenAIWire.ChatResponse.self, call(server, "POST", "chat/completions", json: chat).body)
        #expect(answer.choices.first?.message.role == "assistant")
        let stream = try call(server, "POST", "chat/completions", json: #"{"stream":true,"#.appending(chat.dropFirst()))
        let chunks = stream.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: {") }
        #expect(chunks.count == 3)
        for chunk in chunks { try roundTrip(OpenAIWire.ChatChunk.self, Array(chunk.utf8.dropFirst(6))) }

        let missing = try call(server, "GET", "files/file-missing")
        #expect(missing.status == 404)
        #expect(try roundTrip(OpenAIWire.ErrorResponse.self, missing.body).error.param == "id")
        #expect(try roundTrip(OpenAIWire.Deleted.self, call(server, "DELETE", "models/\(model)").body).deleted)
        #expect(try roundTrip(OpenAIWire.Deleted.self, call(server, "DELETE", "files/\(fileID)").body).deleted)
    }
}
