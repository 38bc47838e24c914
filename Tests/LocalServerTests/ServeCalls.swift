import Foundation
import HTTPClient
import TestSupport

/// One call to a test server over libcurl: status, lower-case headers and the body parsed as JSON.
struct Answer {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
    var text: String { String(decoding: body, as: UTF8.self) }
}

func call(
    _ server: ServeProcess, _ method: String, _ path: String, json: String? = nil, headers: [(String, String)] = []
) throws -> Answer {
    let all = (json == nil ? [] : [("Content-Type", "application/json")]) + headers
    let response = try HTTPClient().sendBlocking(
        HTTPRequest(method: method, url: "\(server.baseURL)/\(path)", headers: all, body: json.map { Array($0.utf8) }))
    return Answer(
        status: response.status,
        headers: Dictionary(response.headers.map { ($0.key.lowercased(), $0.value) }) { a, _ in a }, body: response.body
    )
}

/// Uploads the demo's training data; returns the file id.
func uploadTriage(_ server: ServeProcess) throws -> String {
    var request = HTTPRequest(method: "POST", url: "\(server.baseURL)/files")
    request.multipart = [
        .field(name: "purpose", value: "fine-tune"),
        .file(
            name: "file", path: "\(TestPaths.repository)/experiments/data/triage/train.jsonl", filename: "train.jsonl",
            contentType: "application/jsonl"),
    ]
    let response = try HTTPClient().sendBlocking(request)
    let body = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    return body?["id"] as? String ?? ""
}

/// A raw HTTP/1.1 request's text, with `Host` naming the test server.
func rawRequest(_ server: ServeProcess, _ method: String, _ path: String, headers: [String] = [], body: String? = nil)
    -> String
{
    var lines = ["\(method) /v1/\(path) HTTP/1.1", "Host: 127.0.0.1:\(server.port)"] + headers
    if let body { lines += ["Content-Type: application/json", "Content-Length: \(body.utf8.count)"] }
    return lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? "")
}
