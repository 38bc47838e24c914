import Foundation

/// A request as the routes see it: parsed once at the edge, independent of the HTTP library.
struct ServerRequest: Sendable {
    var method: String
    /// The path's segments after `/`, percent-decoded; a segment that does not decode is kept raw.
    var segments: [String]
    /// The raw path, for error messages (never echoed in full: see `Failure.unknownRoute`).
    var path: String
    var query: [(name: String, value: String)]
    /// Header names in lower case; a repeated header keeps its first value.
    var headers: [String: String]
    var body: Data

    init(method: String, target path: String, query: String?, headers: [(String, String)], body: Data) {
        self.method = method
        self.path = path
        segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).removingPercentEncoding ?? String($0)
        }
        self.query = (query ?? "").split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return (pair.first ?? "", pair.count > 1 ? pair[1] : "")
        }
        var fields: [String: String] = [:]
        for (name, value) in headers where fields[name.lowercased()] == nil { fields[name.lowercased()] = value }
        self.headers = fields
        self.body = body
    }

    func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
}

/// A response: status, extra headers and a body written in one piece.
struct ServerResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: Data
    var contentType = "application/json"
    /// Close the connection after this response (a fault that drops it, a body left unread).
    var closesConnection = false
}
