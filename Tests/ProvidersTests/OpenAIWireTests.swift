import Foundation
import Providers
import SweepCore
import Testing

private func encoded<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try OpenAIWire.encoder.encode(value), as: UTF8.self)
}

private func decoded<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try OpenAIWire.decoder().decode(T.self, from: Data(json.utf8))
}

/// Issue 17 §5: one set of wire types. What the server makes of ftsweep's values encodes to OpenAI's
/// bytes, and what the client decodes from them is the value it started from.
@Suite struct OpenAIWireTests {
    let snapshot = JobSnapshot(
        id: JobID("ftjob-abc"), status: .failed, model: "local-small", fineTunedModel: nil, trainedTokens: 12,
        hyperparameters: ["n_epochs": .int(2), "learning_rate_multiplier": .number(0.5), "batch_size": .auto],
        resultFiles: [RemoteFileID("file-result")], error: JobError(code: "invalid_training_file", message: "bad line 3"),
        createdAt: 1_700_000_000, finishedAt: 1_700_000_060, metadata: ["ftsweep_trial_key": "k1"], seed: 7)

    @Test func aJobKeepsOpenAIsBytesAndComesBackAsTheSameSnapshot() throws {
        let job = OpenAIWire.Job(snapshot, trainingFile: "file-train", validationFile: nil, suffix: "s")
        let json = try encoded(job)
        #expect(
            json == #"{"created_at":1700000000,"error":{"code":"invalid_training_file","message":"bad line 3","param":null},"#
                + #""estimated_finish":null,"fine_tuned_model":null,"finished_at":1700000060,"#
                + #""hyperparameters":{"batch_size":"auto","learning_rate_multiplier":0.5,"n_epochs":2},"id":"ftjob-abc","#
                + #""integrations":null,"metadata":{"ftsweep_trial_key":"k1"},"method":{"supervised":{"hyperparameters":"#
                + #"{"batch_size":"auto","learning_rate_multiplier":0.5,"n_epochs":2}},"type":"supervised"},"#
                + #""model":"local-small","object":"fine_tuning.job","organization_id":"org-local","#
                + #""result_files":["file-result"],"seed":7,"status":"failed","trained_tokens":12,"#
                + #""training_file":"file-train","user_provided_suffix":"s","validation_file":null}"#)
        let back = try decoded(OpenAIWire.Job.self, json)
        #expect(back == job)
        #expect(JobSnapshot(back) == snapshot)
    }

    @Test func eventsCheckpointsAndRequestsComeBackAsTheyWent() throws {
        let event = JobEvent(id: "ftevent-1", createdAt: 5, level: "info", type: "metrics", message: "Step 1", data: ["step": 1, "train_loss": 0.25])
        #expect(try encoded(OpenAIWire.Event(event)) == #"{"created_at":5,"data":{"step":1,"train_loss":0.25},"id":"ftevent-1","level":"info","message":"Step 1","object":"fine_tuning.job.event","type":"metrics"}"#)
        #expect(JobEvent(try decoded(OpenAIWire.Event.self, encoded(OpenAIWire.Event(event)))) == event)

        let checkpoint = JobCheckpoint(id: "ftckpt-1", step: 300, model: "ft:local-small:ckpt-step-300", metrics: ["step": 300])
        let wire = OpenAIWire.Checkpoint(checkpoint, job: "ftjob-abc")
        #expect(JobCheckpoint(try decoded(OpenAIWire.Checkpoint.self, encoded(wire))) == checkpoint)

        let request = JobRequest(
            model: "local-small", trainingFile: RemoteFileID("file-a"), validationFile: RemoteFileID("file-b"),
            hyperparameters: ["n_epochs": .int(3)], suffix: nil, seed: 1, metadata: [:])
        let create = OpenAIWire.CreateJob(request)
        #expect(try encoded(create) == #"{"metadata":{},"method":{"supervised":{"hyperparameters":{"n_epochs":3}},"type":"supervised"},"model":"local-small","seed":1,"training_file":"file-a","validation_file":"file-b"}"#)
        #expect(try decoded(OpenAIWire.CreateJob.self, encoded(create)) == create)

        let chat = OpenAIWire.ChatRequest(model: "m", messages: [ChatMessage(role: "user", content: "hi")], temperature: 0)
        #expect(try encoded(chat) == #"{"messages":[{"content":"hi","role":"user"}],"model":"m","temperature":0}"#)
        #expect(try decoded(OpenAIWire.ChatRequest.self, encoded(chat)) == chat)
        #expect(try encoded(OpenAIWire.Empty()) == "{}")
    }

    @Test func errorsAndListsKeepTheirNulls() throws {
        let error = OpenAIWire.ErrorResponse(message: "No such File object: 'x'", type: "invalid_request_error", param: "id", code: nil)
        #expect(try encoded(error) == #"{"error":{"code":null,"message":"No such File object: 'x'","param":"id","type":"invalid_request_error"}}"#)
        #expect(try decoded(OpenAIWire.ErrorResponse.self, encoded(error)) == error)
        let list = OpenAIWire.List(data: [OpenAIWire.Model(id: "local-small", created: 0, ownedBy: "system")], hasMore: false)
        #expect(try encoded(list) == #"{"data":[{"created":0,"id":"local-small","object":"model","owned_by":"system"}],"first_id":null,"has_more":false,"last_id":null,"object":"list"}"#)
        #expect(try decoded(OpenAIWire.List<OpenAIWire.Model>.self, encoded(list)) == list)
    }

    /// Other endpoints send less, or more, than `ftsweep serve`: only what ftsweep reads is required.
    @Test func whatOtherEndpointsSendDecodes() throws {
        // OpenAI's own job: integrations are objects, a running job's error is `{}`, DPO has no `supervised`.
        let job = try decoded(OpenAIWire.Job.self, #"""
            {"id":"ftjob-1","object":"fine_tuning.job","status":"validating_files","model":"gpt-4o-mini","created_at":1,
             "error":{},"integrations":[{"type":"wandb","wandb":{"project":"p"}}],"method":{"type":"dpo","dpo":{}},
             "hyperparameters":{"n_epochs":"auto"},"metadata":null,"result_files":[]}
            """#)
        let snapshot = JobSnapshot(job)
        #expect(snapshot.status == .validatingFiles && snapshot.error == nil && snapshot.metadata.isEmpty && snapshot.seed == nil)
        #expect(snapshot.hyperparameters == ["n_epochs": .auto] && job.integrations == nil)
        #expect(JobSnapshot(try decoded(OpenAIWire.Job.self, #"{"id":"ftjob-2","status":"archived"}"#)).status == .unknown("archived"))
        // A model server's list (vLLM, llama.cpp): no has_more, models with only an id.
        let models = try decoded(OpenAIWire.List<OpenAIWire.Model>.self, #"{"data":[{"id":"m","meta":{"n_params":1}}]}"#)
        #expect(models.data.map(\.id) == ["m"] && !models.hasMore)
        // An event without type or object, and a message event with empty data.
        let event = JobEvent(try decoded(OpenAIWire.Event.self, #"{"id":"e","message":"hello","data":{}}"#))
        #expect(event == JobEvent(id: "e", createdAt: 0, level: "info", type: "message", message: "hello", data: nil))
        #expect(try decoded(OpenAIWire.File.self, #"{"id":"file-1","bytes":null}"#).bytes == 0)
        #expect(try decoded(OpenAIWire.Deleted.self, #"{"deleted":true}"#).deleted)
        let error = try decoded(OpenAIWire.ErrorResponse.self, #"{"error":{"code":"x"}}"#)
        #expect(error.error.code == "x" && error.error.message == nil)
        let chat = try decoded(OpenAIWire.ChatResponse.self, #"{"choices":[{"message":{"role":"assistant","content":"ok"}}]}"#)
        #expect(chat.choices.first?.message.content == "ok")
        // The SDKs' array content.
        let request = try decoded(OpenAIWire.ChatRequest.self, #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}"#)
        #expect(request.messages.first?.content == "a\nb")
        // What ftsweep reads must be there.
        #expect(throws: DecodingError.self) { try decoded(OpenAIWire.Job.self, #"{"id":"ftjob-3"}"#) }
        #expect(throws: DecodingError.self) { try decoded(OpenAIWire.Checkpoint.self, #"{"id":"c","step_number":1}"#) }
    }
}
