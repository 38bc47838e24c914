import Foundation
import HTTPClient
import SweepCore

/// Any endpoint that speaks OpenAI's fine-tuning API: OpenAI itself, Azure OpenAI, compatible
/// providers, and `ftsweep serve`. Every call retries as `RetryPolicy` says; job creation, which the
/// API does not make idempotent, first looks for a job carrying the same metadata.
public struct OpenAIProvider: FineTuningProvider {
    public struct Configuration: Sendable {
        public var baseURL: String
        /// The key; never printed, logged or stored.
        public var apiKey: String?
        /// The header that carries the key; nil sends `Authorization: Bearer` (Azure uses `api-key`).
        public var apiKeyHeader: String?
        public var organization: String?
        public var project: String?
        /// Extra headers, e.g. Azure's `api-key`.
        public var headers: [String: String]
        /// Extra query items, e.g. Azure's `api-version`.
        public var query: [String: String]

        public init(baseURL: String, apiKey: String?, apiKeyHeader: String? = nil, organization: String? = nil, project: String? = nil, headers: [String: String] = [:], query: [String: String] = [:]) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.apiKey = apiKey
            self.apiKeyHeader = apiKeyHeader
            self.organization = organization
            self.project = project
            self.headers = headers
            self.query = query
        }
    }

    public let configuration: Configuration
    public var retry: RetryPolicy
    public var sleeper: any Sleeper
    let client = HTTPClient()

    public var key: String { "openai@\(configuration.baseURL)" }

    public init(configuration: Configuration, retry: RetryPolicy = RetryPolicy(), sleeper: any Sleeper = TaskSleeper()) {
        self.configuration = configuration
        self.retry = retry
        self.sleeper = sleeper
    }

    public func upload(path: String, digest: String) async throws -> RemoteFileID {
        let filename = (path as NSString).lastPathComponent
        let file: OpenAIWire.File = try await send("POST", "files", multipart: [
            .field(name: "purpose", value: "fine-tune"),
            .file(name: "file", path: path, filename: filename, contentType: "application/jsonl"),
        ])
        return RemoteFileID(file.id)
    }

    public func fileExists(_ id: RemoteFileID) async throws -> Bool {
        do {
            let _: OpenAIWire.File = try await send("GET", "files/\(id.rawValue)")
            return true
        } catch let error as OpenAIError where error.status == 404 {
            return false
        }
    }

    public func createJob(_ request: JobRequest) async throws -> JobSnapshot {
        let body = OpenAIWire.CreateJob(request)
        // Not idempotent on the API: before a retry, adopt a job already created with this metadata.
        var attempt = 0
        while true {
            do {
                return try await sendJob("POST", "fine_tuning/jobs", json: body, retrying: false)
            } catch let error as OpenAIError where error.isRetryable && !error.stopsLaunching && attempt + 1 < retry.maxAttempts {
                if !request.metadata.isEmpty, let existing = try await jobs(metadata: request.metadata).first { return existing }
                try await sleeper.sleep(for: retry.delay(attempt: attempt, retryAfter: error.retryAfter))
                attempt += 1
            }
        }
    }

    public func job(_ id: JobID) async throws -> JobSnapshot {
        try await sendJob("GET", "fine_tuning/jobs/\(id.rawValue)")
    }

    public func jobs(metadata: [String: String]) async throws -> [JobSnapshot] {
        var found: [JobSnapshot] = []
        var after: String?
        repeat {
            var query = metadata.reduce(into: ["limit": "100"]) { $0["metadata[\($1.key)]"] = $1.value }
            if let after { query["after"] = after }
            let page: OpenAIWire.List<OpenAIWire.Job> = try await send("GET", "fine_tuning/jobs", query: query)
            found += page.data.map(JobSnapshot.init).filter { job in metadata.allSatisfy { job.metadata[$0.key] == $0.value } }
            after = page.hasMore ? page.data.last?.id : nil
        } while after != nil
        return found
    }

    /// Events after `after`, oldest first. The API lists newest first, so pages are read until the
    /// last event already seen.
    public func events(_ id: JobID, after: String?) async throws -> [JobEvent] {
        var newest: [JobEvent] = []
        var cursor: String?
        while true {
            var query = ["limit": "100"]
            if let cursor { query["after"] = cursor }
            let page: OpenAIWire.List<OpenAIWire.Event> = try await send("GET", "fine_tuning/jobs/\(id.rawValue)/events", query: query)
            let events = page.data.map(JobEvent.init)
            if let after, let seen = events.firstIndex(where: { $0.id == after }) {
                newest += events[..<seen]
                break
            }
            newest += events
            guard page.hasMore, let last = events.last?.id else { break }
            cursor = last
        }
        return newest.reversed()
    }

    public func checkpoints(_ id: JobID) async throws -> [JobCheckpoint] {
        let page: OpenAIWire.List<OpenAIWire.Checkpoint> = try await send("GET", "fine_tuning/jobs/\(id.rawValue)/checkpoints", query: ["limit": "100"])
        return page.data.map(JobCheckpoint.init).sorted { $0.step < $1.step }
    }

    public func resultFile(_ id: RemoteFileID) async throws -> [UInt8] {
        try await sendRaw("GET", "files/\(id.rawValue)/content").body
    }

    public func cancel(_ id: JobID) async throws -> JobSnapshot {
        try await sendJob("POST", "fine_tuning/jobs/\(id.rawValue)/cancel", json: OpenAIWire.Empty())
    }

    public func models() async throws -> [String] {
        let page: OpenAIWire.List<OpenAIWire.Model> = try await send("GET", "models")
        return page.data.map(\.id)
    }

    public func complete(model: String, messages: [ChatMessage]) async throws -> String {
        let body = OpenAIWire.ChatRequest(model: model, messages: messages, temperature: 0)
        let response: OpenAIWire.ChatResponse = try await send("POST", "chat/completions", json: body)
        return response.choices.first?.message.content ?? ""
    }
}
