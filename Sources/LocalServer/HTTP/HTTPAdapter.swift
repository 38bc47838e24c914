import Foundation
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Reads a request from Hummingbird, capped and timed as it arrives, hands it to the router and
/// writes the answer as one write (head, body and end together).
struct HTTPAdapter: Sendable {
    let router: Router
    let readTimeout: Duration

    private enum BodyError: Error { case tooLarge }

    func respond(_ request: Request, _ writer: consuming ResponseWriter, _ channel: any Channel) async throws {
        let method = request.method.rawValue
        let path = request.uri.path
        let limit = router.bodyLimit(method: method, path: path)
        // A declared length over the cap is refused before a byte of the body is read.
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return try await refuse(Self.tooLarge(limit), writer, channel)
        }
        if request.headers[.expect]?.lowercased() == "100-continue" {
            try await writer.writeInformationalHead(HTTPResponse(status: .continue))
        }
        let body: Data?
        do { body = try await read(request.body, limit: limit, channel: channel) } catch BodyError.tooLarge {
            return try await refuse(Self.tooLarge(limit), writer, channel)
        } catch {
            let failure = Failure(status: 400, message: "The request body is not valid HTTP/1.1.", code: "bad_request")
            return try await refuse(failure, writer, channel)
        }
        guard let body else {
            let failure = Failure(
                status: 408, message: "The request body did not arrive within \(readTimeout).", code: "request_timeout")
            return try await refuse(failure, writer, channel)
        }
        // HTTPTypes carries `Host` as the request's authority, not as a header field.
        let headers =
            request.headers.map { ($0.name.canonicalName, $0.value) }
            + (request.head.authority.map { [("host", $0)] } ?? [])
        let served = ServerRequest(method: method, target: path, query: request.uri.query, headers: headers, body: body)
        let response = await router.respond(to: served)
        var fields = HTTPFields()
        fields[.contentType] = response.contentType
        // A dropped response promises one byte more than it sends, then the connection closes.
        fields[.contentLength] = String(response.body.count + (response.closesConnection ? 1 : 0))
        for (name, value) in response.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        let head = HTTPResponse(status: .init(code: response.status), headerFields: fields)
        let bytes = method == "HEAD" ? ByteBuffer() : ByteBuffer(bytes: response.body)
        try await writer.write(
            response: head, body: bytes.readableBytes == 0 ? ResponseBody() : ResponseBody(byteBuffer: bytes))
        if response.closesConnection { try? await channel.close() }
    }

    /// The whole body, or nil when `readTimeout` passes with no byte of it arriving (a slow upload that
    /// keeps coming is not cut off); over `limit` it throws as soon as the bytes that cross it arrive
    /// (chunked bodies too), so memory stays bounded.
    private func read(_ body: RequestBody, limit: Int, channel: any Channel) async throws -> Data? {
        let lastProgress = LastProgress()
        return try await withThrowingTaskGroup(of: Data?.self) { group in
            group.addTask {
                var data = Data()
                for try await buffer in body {
                    guard data.count + buffer.readableBytes <= limit else { throw BodyError.tooLarge }
                    data.append(contentsOf: buffer.readableBytesView)
                    lastProgress.instant.withLock { $0 = .now }
                }
                return data
            }
            group.addTask {
                while true {
                    let deadline = lastProgress.instant.withLock { $0 } + readTimeout
                    if deadline <= .now { return nil }
                    try await Task.sleep(until: deadline, clock: .continuous)
                }
            }
            let first = try await group.next() ?? nil
            // On a timeout the body's reader is still waiting: closing our input ends its stream.
            if first == nil { try? await channel.close(mode: .input) }
            group.cancelAll()
            return first
        }
    }

    private func refuse(_ failure: Failure, _ writer: consuming ResponseWriter, _ channel: any Channel) async throws {
        // Whatever of the body is unread stays unread: the connection cannot be reused, so it is closed.
        let parts = ErrorReply.parts(failure)
        guard case .head(let head) = parts[0], case .body(let buffer) = parts[1] else { return }
        try await writer.write(response: head, body: ResponseBody(byteBuffer: buffer))
        try? await channel.close()
    }

    private static func tooLarge(_ limit: Int) -> Failure {
        Failure(
            status: 413, message: "The request body is larger than this route's \(limit)-byte limit.",
            code: "request_too_large")
    }
}

/// When a body's bytes last arrived, shared by its reader and its timer.
private final class LastProgress: Sendable {
    let instant = Mutex(ContinuousClock.now)
}
