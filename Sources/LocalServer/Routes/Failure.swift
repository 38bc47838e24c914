/// A request the server refuses, answered with OpenAI's error body. Messages name the request's
/// fields, never a server path or whether a file exists outside the server's own ids.
struct Failure: Error, Sendable {
    var status: Int
    var message: String
    var type = "invalid_request_error"
    var param: String?
    var code: String?

    static func invalid(_ param: String, _ message: String, code: String? = nil) -> Failure {
        Failure(status: 400, message: message, param: param, code: code)
    }

    static func notFound(_ what: String, _ id: String, param: String = "id") -> Failure {
        Failure(status: 404, message: "No such \(what): \(Self.quoted(id))", param: param)
    }

    static func unknownRoute(_ method: String, _ path: String) -> Failure {
        Failure(status: 404, message: "Unknown request URL: \(method) \(Self.quoted(path)).", code: "unknown_url")
    }

    static let internalError = Failure(
        status: 500, message: "The server had an error while processing your request.", type: "server_error")

    /// Request text in a message: at most 100 characters, control characters escaped.
    static func quoted(_ text: String) -> String {
        let clipped = text.unicodeScalars.prefix(100).map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return text.unicodeScalars.count > 100 ? clipped + "…" : clipped
    }
}
