import FlyingFox
import FlyingSocks
import Foundation
import Providers

/// `ftsweep serve`: OpenAI's files, fine-tuning, models and chat-completions routes over the local
/// trainer, on loopback unless told otherwise.
public struct LocalAPIServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: UInt16
        /// When set, every request needs `Authorization: Bearer <key>`.
        public var apiKey: String?
        /// The largest request body accepted, in bytes.
        public var maxUploadBytes: Int
        /// Faults to inject, for testing clients.
        public var faults: FaultPlan?

        public init(host: String = "127.0.0.1", port: UInt16 = 8089, apiKey: String? = nil, maxUploadBytes: Int = 512 << 20, faults: FaultPlan? = nil) {
            self.faults = faults
            self.host = host
            self.port = port
            self.apiKey = apiKey
            self.maxUploadBytes = maxUploadBytes
        }
    }

    public enum StartError: Error, CustomStringConvertible, Equatable {
        case keyRequired(host: String)
        public var description: String {
            switch self {
            case .keyRequired(let host): "serving on \(host), beyond loopback, needs --api-key-file (or --api-key)"
            }
        }
    }

    let provider: LocalProvider
    let options: Options

    public init(provider: LocalProvider, options: Options) throws {
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(options.host)
        if !loopback && options.apiKey == nil { throw StartError.keyRequired(host: options.host) }
        self.provider = provider
        self.options = options
    }

    /// Serves until cancelled; `listening` gets the bound port (useful with port 0).
    public func run(listening: @escaping @Sendable (UInt16) -> Void) async throws {
        let server = HTTPServer(address: try .inet(ip4: options.host == "localhost" ? "127.0.0.1" : options.host, port: options.port), logger: .disabled)
        let router = Router(provider: provider, options: options, faults: options.faults.map(FaultInjector.init))
        await server.appendRoute("/*") { request in await router.respond(to: request) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                try await server.waitUntilListening()
                if case let .ip4(_, port: port)? = await server.listeningAddress { listening(port) }
            }
            try await group.next()
            try await group.next()
        }
    }
}
