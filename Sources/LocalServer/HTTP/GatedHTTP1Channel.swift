import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// HTTP/1.1 connections, at most `limit` served at once: one more is answered 503 with OpenAI's error
/// body and closed, so a flood of idle sockets leaves the server answering, and descriptors to spare.
struct GatedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let limit: Int
    private let open = OpenConnections()

    init(inner: HTTP1Channel, limit: Int) {
        self.inner = inner
        self.limit = limit
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let admitted = open.count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { return await refuse(value) }
        defer { open.count.withLock { $0 -= 1 } }
        await inner.handle(value: value, logger: logger)
    }

    /// Answers 503 at once, without waiting for the request, and closes.
    private func refuse(_ value: Value) async {
        let failure = Failure(
            status: 503, message: "The server has too many open connections; retry shortly.", type: "server_error",
            code: "too_many_connections")
        let parts = ErrorReply.parts(failure, extraHeaders: [("retry-after", "1")])
        try? await value.executeThenClose { _, outbound in
            try await outbound.write(contentsOf: parts)
        }
    }
}

/// The connections being served, shared by every connection's task.
private final class OpenConnections: Sendable {
    let count = Mutex(0)
}
