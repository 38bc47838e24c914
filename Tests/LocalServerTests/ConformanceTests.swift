import Foundation
import HTTPClient
import TestSupport
import Testing
import Yams

/// The schemas of the OpenAPI extract in Fixtures/ (its source: Fixtures/README.md), by name.
nonisolated(unsafe) private let schemas: [String: Any] = {  // read-only after its lazy initialisation
    let path = TestPaths.fixture("LocalServerTests", "openai-fine-tuning-openapi.yaml")
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
        let document = try? Yams.load(yaml: text) as? [String: Any],
        let components = document["components"] as? [String: Any]
    else { return [:] }
    return components["schemas"] as? [String: Any] ?? [:]
}()

/// Problems of `value` against `schema`: required keys, JSON types and enums (what clients rely on).
private func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
    if let reference = schema["$ref"] as? String,
        let resolved = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
    {
        return problems(value, resolved, at: path)
    }
    if let options = schema["anyOf"] as? [[String: Any]] ?? schema["oneOf"] as? [[String: Any]] {
        let results = options.map { problems(value, $0, at: path) }
        return results.contains { $0.isEmpty } ? [] : results.min { $0.count < $1.count } ?? []
    }
    var found: [String] = []
    if let type = schema["type"] as? String {
        let matches: Bool
        switch type {
        case "string": matches = value is String
        case "integer": matches = (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": matches = value is NSNumber
        case "boolean": matches = value is Bool
        case "object": matches = value is [String: Any]
        case "array": matches = value is [Any]
        case "null": matches = value is NSNull
        default: matches = true
        }
        if !matches { return ["\(path): expected \(type), found \(value)"] }
    }
    if let allowed = schema["enum"] as? [Any], let text = value as? String,
        !allowed.contains(where: { ($0 as? String) == text })
    {
        found.append("\(path): '\(text)' is not one of \(allowed)")
    }
    if let object = value as? [String: Any] {
        for key in schema["required"] as? [String] ?? [] where object[key] == nil {
            found.append("\(path).\(key): required, missing")
        }
        for (key, property) in schema["properties"] as? [String: Any] ?? [:] {
            if let child = object[key], let propertySchema = property as? [String: Any] {
                found += problems(child, propertySchema, at: "\(path).\(key)")
            }
        }
    }
    if let items = value as? [Any], let itemSchema = schema["items"] as? [String: Any] {
        for (index, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(index)]") }
    }
    return found
}

private func conformanceCall(
    _ server: ServeProcess, _ method: String, _ path: String, json: String? = nil, multipart: [MultipartPart]? = nil
) throws -> (Int, Any) {
    var request = HTTPRequest(
        method: method, url: "\(server.baseURL)/\(path)",
        headers: json == nil ? [] : [("Content-Type", "application/json")], body: json.map { Array($0.utf8) })
    request.multipart = multipart
    let response = try HTTPClient().sendBlocking(request)
    return (response.status, try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed]))
}

@Suite(.serialized) struct ConformanceTests {
    @Test func theExtractIsLoaded() {
        #expect(schemas["FineTuningJob"] != nil && schemas["OpenAIFile"] != nil)
    }

    @Test func responsesMatchTheOpenAPISchemas() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let triage = "\(TestPaths.repository)/experiments/data/triage/train.jsonl"
        func check(_ schema: String, _ status: Int, _ body: Any, expect expected: Int = 200) {
            #expect(status == expected)
            let found = problems(body, schemas[schema] as? [String: Any] ?? [:])
            #expect(found.isEmpty, "\(schema): \(found.prefix(5))")
        }
        let (uploadStatus, file) = try conformanceCall(
            server, "POST", "files",
            multipart: [
                .field(name: "purpose", value: "fine-tune"),
                .file(name: "file", path: triage, filename: "train.jsonl", contentType: "application/jsonl"),
            ])
        check("OpenAIFile", uploadStatus, file)
        let fileID = (file as? [String: Any])?["id"] as? String ?? ""
        let (listStatus, files) = try conformanceCall(server, "GET", "files")
        check("ListFilesResponse", listStatus, files)
        let (createStatus, job) = try conformanceCall(
            server, "POST", "fine_tuning/jobs",
            json:
                #"{"model":"local-small","training_file":"\#(fileID)","hyperparameters":{"n_epochs":2,"batch_size":64},"seed":1,"metadata":{"k":"v"}}"#
        )
        check("FineTuningJob", createStatus, job)
        let jobID = (job as? [String: Any])?["id"] as? String ?? ""
        var final: Any = job
        try Waiting.until {
            final = try conformanceCall(server, "GET", "fine_tuning/jobs/\(jobID)").1
            return ["succeeded", "failed", "cancelled"].contains((final as? [String: Any])?["status"] as? String ?? "")
        }
        check("FineTuningJob", 200, final)
        #expect((final as? [String: Any])?["status"] as? String == "succeeded")
        let (jobsStatus, jobs) = try conformanceCall(server, "GET", "fine_tuning/jobs?metadata%5Bk%5D=v&limit=5")
        check("ListPaginatedFineTuningJobsResponse", jobsStatus, jobs)
        let (eventsStatus, events) = try conformanceCall(server, "GET", "fine_tuning/jobs/\(jobID)/events?limit=50")
        check("ListFineTuningJobEventsResponse", eventsStatus, events)
        let (checkpointStatus, checkpoints) = try conformanceCall(
            server, "GET", "fine_tuning/jobs/\(jobID)/checkpoints")
        check("ListFineTuningJobCheckpointsResponse", checkpointStatus, checkpoints)
        let (missingStatus, missing) = try conformanceCall(server, "GET", "fine_tuning/jobs/ftjob-doesnotexist")
        check("ErrorResponse", missingStatus, missing, expect: 404)
        let (badStatus, bad) = try conformanceCall(
            server, "POST", "fine_tuning/jobs",
            json: #"{"model":"local-small","training_file":"\#(fileID)","hyperparameters":{"n_epochs":99}}"#)
        check("ErrorResponse", badStatus, bad, expect: 400)
    }

    /// Every kind of refusal, from the routes and from below them, is an `ErrorResponse` with `x-request-id`.
    @Test func errorResponsesMatchTheSchemaAndCarryARequestID() throws {
        let server = try ServeProcess(arguments: [
            "--api-key", "sk-conformance", "--max-json-bytes", "1000", "--read-timeout", "1",
        ])
        defer { server.stop() }
        let auth = "Authorization: Bearer sk-conformance"
        let cases: [(Int, String)] = [
            (401, rawRequest(server, "GET", "models")),
            (404, rawRequest(server, "GET", "fine_tuning/jobs/ftjob-doesnotexist", headers: [auth])),
            (404, rawRequest(server, "GET", "nowhere", headers: [auth])),
            (400, rawRequest(server, "POST", "fine_tuning/jobs", headers: [auth], body: #"{"model":"local-small"}"#)),
            (400, rawRequest(server, "GET", "fine_tuning/jobs?limit=1000", headers: [auth])),
            (
                403,
                rawRequest(server, "GET", "models", headers: [auth]).replacingOccurrences(
                    of: "Host: 127.0.0.1", with: "Host: evil.example")
            ),
            (
                413,
                rawRequest(
                    server, "POST", "chat/completions", headers: [auth], body: String(repeating: " ", count: 2000))
            ),
            (
                415,
                rawRequest(server, "POST", "chat/completions", headers: [auth], body: "{}").replacingOccurrences(
                    of: "application/json", with: "text/plain")
            ),
            (
                431,
                rawRequest(
                    server, "GET", "models", headers: [auth, "X-Big: " + String(repeating: "b", count: 100_000)])
            ),
            (
                408,
                "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"
            ),
        ]
        for (status, request) in cases {
            let connection = try RawConnection(port: server.port)
            connection.send(request)
            let response = connection.readResponse()
            #expect(response?.status == status, "\(request.prefix(60))")
            #expect(response?.headers["x-request-id"]?.hasPrefix("req_") == true, "\(status)")
            #expect(response?.headers["content-type"] == "application/json", "\(status)")
            let body = response.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body)) } ?? [:]
            let found = problems(body, schemas["ErrorResponse"] as? [String: Any] ?? [:])
            #expect(found.isEmpty, "\(status): \(found.prefix(5))")
        }
    }
}
