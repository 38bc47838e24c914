import Foundation
import TestSupport
import Testing

/// Issue 16, item 2: every field of a job request is checked before anything trains; none crashes the server.
@Suite(.serialized) struct ServeValidationTests {
    @Test func badJobFieldsAre400sNamingTheFieldAndTheServerKeepsAnswering() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let file = try uploadTriage(server)
        let long = String(repeating: "s", count: 300)
        let manyPairs = (0..<17).map { "\"k\($0)\":\"v\"" }.joined(separator: ",")
        let cases: [(String, String)] = [
            ("seed", #""seed":-1"#),
            ("seed", #""seed":4294967296"#),
            ("hyperparameters.learning_rate_multiplier", #""hyperparameters":{"learning_rate_multiplier":1e308}"#),
            (
                "method.supervised.hyperparameters.learning_rate_multiplier",
                #""method":{"type":"supervised","supervised":{"hyperparameters":{"learning_rate_multiplier":1e308}}}"#
            ),
            ("suffix", #""suffix":"\#(long)""#),
            ("suffix", #""suffix":"a/b""#),
            ("metadata", #""metadata":{\#(manyPairs)}"#),
            ("metadata", #""metadata":{"\#(String(repeating: "k", count: 65))":"v"}"#),
            ("metadata.k", #""metadata":{"k":"\#(String(repeating: "v", count: 513))"}"#),
            ("method.type", #""method":{"type":"dpo"}"#),
            ("hyperparameters.n_epochs", #""hyperparameters":{"n_epochs":0}"#),
            ("hyperparameters.warmup", #""hyperparameters":{"warmup":1}"#),
            ("hyperparameters.dropout", #""hyperparameters":{"dropout":2}"#),
            ("hyperparameters.hidden_width", #""hyperparameters":{"hidden_width":"wide"}"#),
        ]
        for (param, field) in cases {
            let answer = try call(
                server, "POST", "fine_tuning/jobs",
                json: #"{"model":"local-small","training_file":"\#(file)",\#(field)}"#)
            #expect(answer.status == 400, "\(param): \(answer.text)")
            #expect((answer.json["error"] as? [String: Any])?["param"] as? String == param, "\(answer.text)")
            #expect(answer.headers["x-request-id"]?.hasPrefix("req_") == true)
        }
        #expect(server.isRunning)
        #expect(try call(server, "GET", "fine_tuning/jobs").status == 200)
        // Nothing was created by any refused request.
        #expect((try call(server, "GET", "fine_tuning/jobs").json["data"] as? [Any])?.isEmpty == true)
    }

    @Test func theLocalTrainersKnobsAreAcceptedAndABadOneIsRefusedWithItsRange() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let file = try uploadTriage(server)
        let refused = try call(
            server, "POST", "fine_tuning/jobs",
            json: #"{"model":"local-small","training_file":"\#(file)","hyperparameters":{"weight_decay":5}}"#)
        #expect(refused.status == 400)
        #expect((refused.json["error"] as? [String: Any])?["message"] as? String == "weight_decay must be a number from 0 to 1 or auto; got 5")
        let created = try call(
            server, "POST", "fine_tuning/jobs",
            json: #"{"model":"local-small","training_file":"\#(file)","method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":1,"dropout":0.1,"hidden_width":8}}}}"#)
        #expect(created.status == 200, "\(created.text)")
    }

    @Test func aModelThatIsNotOfferedIsRefusedAtCreation() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let file = try uploadTriage(server)
        let answer = try call(
            server, "POST", "fine_tuning/jobs", json: #"{"model":"../../x","training_file":"\#(file)"}"#)
        #expect(answer.status == 400)
        #expect((answer.json["error"] as? [String: Any])?["param"] as? String == "model")
    }
}
