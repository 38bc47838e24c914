import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Error responses written below the routes (limits, timeouts, refused connections): OpenAI's error
/// body, `x-request-id` and `connection: close`, as one write.
enum ErrorReply {
    static func parts(_ failure: Failure, extraHeaders: [(String, String)] = []) -> [HTTPResponsePart] {
        let response = Router.failure(failure, "req_" + Router.hexID(16))
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(response.body.count)
        fields[.connection] = "close"
        for (name, value) in response.headers + extraHeaders {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return [
            .head(HTTPResponse(status: .init(code: failure.status), headerFields: fields)),
            .body(ByteBuffer(bytes: response.body)), .end(nil),
        ]
    }
}

/// Turns the HTTP decoder's refusals into answers: headers over the size or count limit get 431,
/// other malformed requests 400, each with OpenAI's error body, and the connection is closed.
final class ParseErrorResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private var answered = false
    /// Between a request's head and its end, errors are the body reader's to answer (413, 408, 400).
    private var readingBody = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: readingBody = true
        case .end: readingBody = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError, !readingBody else { return context.fireErrorCaught(error) }
        guard !answered else { return }
        answered = true
        let failure =
            parseError == .headerOverflow
            ? Failure(
                status: 431, message: "The request's headers are too large or too many.", code: "headers_too_large")
            : Failure(status: 400, message: "The request is not valid HTTP/1.1.", code: "bad_request")
        let parts = ErrorReply.parts(failure)
        for part in parts { context.write(wrapOutboundOut(part), promise: nil) }
        context.flush()
        context.close(promise: nil)
    }
}
