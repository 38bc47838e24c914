import Foundation

/// What stops a web page in the user's browser from using the server: a `Host` that is not one of
/// the server's names (DNS rebinding) and a cross-site request that changes state are refused.
struct BrowserGuard: Sendable {
    /// The host names accepted in `Host` and `Origin`, lower case; nil accepts any (a wildcard bind
    /// with no `--allowed-host`, where the API key is what protects the server).
    let hosts: Set<String>?

    init(bindHost: String, allowed: [String]) {
        let wildcard = ["0.0.0.0", "::", "[::]"].contains(bindHost)
        if wildcard && allowed.isEmpty {
            hosts = nil
        } else {
            var names: Set<String> = ["127.0.0.1", "localhost", "::1"]
            if !wildcard { names.insert(Self.bare(bindHost)) }
            hosts = names.union(allowed.map(Self.bare))
        }
    }

    func check(_ request: ServerRequest) throws {
        guard let hosts else { return }
        guard let host = request.headers["host"].map(Self.hostName), hosts.contains(host) else {
            throw Failure(
                status: 403,
                message:
                    "The Host header must name this server (\(hosts.sorted().joined(separator: ", "))); see --allowed-host.",
                type: "invalid_request_error", code: "host_not_allowed")
        }
        // A page may send a simple GET; anything with an effect needs to come from this server's own origin.
        guard let origin = request.headers["origin"],
            !["GET", "HEAD"].contains(request.method) || !request.body.isEmpty
        else { return }
        let parts = origin.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == "http:" || parts[0] == "https:",
            hosts.contains(Self.hostName(String(parts[1])))
        else {
            throw Failure(status: 403, message: "Cross-origin requests are refused.", code: "origin_not_allowed")
        }
    }

    /// `HOST[:PORT]` or `[V6]:PORT` to the lower-case name alone.
    static func hostName(_ header: String) -> String {
        let text = header.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }

    private static func bare(_ host: String) -> String {
        hostName(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)
    }
}
