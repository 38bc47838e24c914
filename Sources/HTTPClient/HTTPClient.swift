import Foundation

/// An HTTP client over libcurl: TLS verified, proxies from the environment (libcurl's own rules),
/// gzip accepted. The blocking transfer runs on its own thread, never on the cooperative pool.
public struct HTTPClient: Sendable {
    public init() {}

    /// Sends a request and waits for the whole response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try CurlEasy().perform(request) })
            }
        }
    }

    /// Sends a request on the calling thread, for callers that are not async.
    public func sendBlocking(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        try CurlEasy().perform(request)
    }
}
