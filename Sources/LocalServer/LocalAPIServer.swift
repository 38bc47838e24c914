import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import Providers

/// `ftsweep serve`: OpenAI's files, fine-tuning, models and chat-completions routes over the local
/// trainer, on loopback unless told otherwise, on Hummingbird (SwiftNIO). Limits: docs/serve.md.
public struct LocalAPIServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: UInt16
        /// When set, every request needs `Authorization: Bearer <key>`.
        public var apiKey: String?
        /// The largest file upload accepted, in bytes.
        public var maxUploadBytes: Int
        /// The largest JSON body (job creation, chat), in bytes.
        public var maxJSONBytes = 1 << 20
        /// Faults to inject, for testing clients.
        public var faults: FaultPlan?
        /// Host names accepted in `Host` and `Origin` besides the bind address and localhost.
        public var allowedHosts: [String] = []
        /// Connections served at once; one more is answered 503 and closed.
        public var maxConnections = 512
        /// A connection with no request for this long is closed (keep-alive, half-sent headers).
        public var idleTimeout: Duration = .seconds(60)
        /// A body with no bytes arriving for this long is answered 408.
        public var readTimeout: Duration = .seconds(30)
        /// The largest request head (request line and headers), and the most header fields.
        public var maxHeaderBytes = 32 << 10
        public var maxHeaderCount = 100

        public init(
            host: String = "127.0.0.1", port: UInt16 = 8089, apiKey: String? = nil, maxUploadBytes: Int = 512 << 20,
            faults: FaultPlan? = nil
        ) {
            self.faults = faults
            self.host = host
            self.port = port
            self.apiKey = apiKey
            self.maxUploadBytes = maxUploadBytes
        }
    }

    public enum StartError: Error, CustomStringConvertible, Equatable {
        case keyRequired(host: String)
        case emptyKey
        public var description: String {
            switch self {
            case .keyRequired(let host): "serving on \(host), beyond loopback, needs --api-key-file (or --api-key)"
            case .emptyKey:
                "the API key is empty; give a non-empty --api-key or --api-key-file, or none for a keyless loopback server"
            }
        }
    }

    let provider: LocalProvider
    let options: Options

    public init(provider: LocalProvider, options: Options) throws {
        if options.apiKey?.isEmpty == true { throw StartError.emptyKey }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(options.host)
        if !loopback && options.apiKey == nil { throw StartError.keyRequired(host: options.host) }
        self.provider = provider
        self.options = options
    }

    /// The address to bind: `localhost` means IPv4 loopback, as clients resolve it first.
    var bindHost: String { options.host == "localhost" ? "127.0.0.1" : options.host }

    /// Serves until cancelled; `listening` gets the bound port (useful with port 0).
    public func run(listening: @escaping @Sendable (UInt16) -> Void) async throws {
        let router = Router(
            provider: provider, options: options, faults: options.faults.map(FaultInjector.init),
            guardrails: BrowserGuard(bindHost: options.host, allowed: options.allowedHosts),
            index: JobIndex(provider: provider))
        let adapter = HTTPAdapter(router: router, readTimeout: options.readTimeout)
        var http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ParseErrorResponder()], idleTimeout: TimeAmount(options.idleTimeout))
        http.httpDecoder = .init(
            maxHeaderFieldSize: options.maxHeaderBytes, maxHeaderListSize: options.maxHeaderBytes,
            maxHeaderFieldCount: options.maxHeaderCount)
        let channel = GatedHTTP1Channel(
            inner: HTTP1Channel(
                responder: { request, writer, channel in try await adapter.respond(request, writer, channel) },
                configuration: http),
            limit: options.maxConnections)
        let server = Server(
            childChannelSetup: channel,
            configuration: ServerConfiguration(address: .hostname(bindHost, port: Int(options.port)), backlog: 1024),
            onServerRunning: { channel in listening(UInt16(channel.localAddress?.port ?? 0)) },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "ftsweep-serve") { _ in SwiftLogNoOpLogHandler() })
        try await server.run()
    }
}
