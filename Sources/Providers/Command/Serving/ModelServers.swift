import Foundation

/// The model servers one command started: one per model, shared by every question the command asks
/// it, and stopped together when the command ends (`using`), on success or error. Ctrl-C and any
/// other end of the process stop them through each server's watchdog (`ModelServer`).
public actor ModelServers {
    /// By model id.
    private var served: [String: Task<ServedModel, any Error>] = [:]

    public init() {}

    /// Runs `body` with a fresh set of servers and stops them all before returning or throwing.
    public static func using<T: Sendable>(_ body: (ModelServers) async throws -> T) async throws -> T {
        let servers = ModelServers()
        do {
            let value = try await body(servers)
            await servers.stopAll()
            return value
        } catch {
            await servers.stopAll()
            throw error
        }
    }

    /// Where `model` answers, started by `start` on first use; a start that failed is not tried again.
    func model(_ key: String, start: @escaping @Sendable () async throws -> ServedModel) async throws -> ServedModel {
        if let task = served[key] { return try await task.value }
        let task = Task { try await start() }
        served[key] = task
        return try await task.value
    }

    /// Stops the server of `model`, if one was started: a command done with a model frees what it
    /// holds (a GPU's memory) before the next model's server starts.
    public func release(_ model: String) async {
        guard let task = served.removeValue(forKey: model) else { return }
        if let served = try? await task.value, let server = served.server { await server.stop(grace: served.grace) }
    }

    /// Stops every server started so far and waits until their process groups are gone.
    public func stopAll() async {
        let tasks = served.values
        served = [:]
        for task in tasks {
            guard let model = try? await task.value, let server = model.server else { continue }
            await server.stop(grace: model.grace)
        }
    }
}

/// Where one model answers: a server this command started, or an endpoint already running.
struct ServedModel: Sendable {
    /// The server to stop afterwards; nil for an endpoint `model.json` named.
    var server: ModelServer?
    var endpoint: OpenAIProvider
    /// The `model` to send: the id the server lists for it.
    var name: String
    var grace: Duration
}
