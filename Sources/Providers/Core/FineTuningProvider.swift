/// A place fine-tuning jobs run, speaking the OpenAI fine-tuning API's concepts.
///
/// Contract, for every conformer (one contract test suite runs against each):
/// - `upload` of the same bytes may return a new id; callers upload once per digest and provider.
/// - `createJob` returns at once with a non-terminal snapshot; the job then progresses on its own.
/// - `jobs(metadata:)` finds jobs by metadata, so a launcher that crashed can adopt what it created.
/// - `events(after:)` returns events in creation order, after the given event id.
/// - Unknown statuses and fields are tolerated, never fatal.
public protocol FineTuningProvider: Sendable {
    /// The provider's identity in the ledger and in trial keys, e.g. `local` or `openai@https://…`.
    var key: String { get }
    func upload(path: String, digest: String) async throws -> RemoteFileID
    func fileExists(_ id: RemoteFileID) async throws -> Bool
    /// Removes an uploaded file; false when there was none. A launch whose every job was refused for
    /// good removes what it uploaded, so nothing stays in the user's storage unasked.
    func deleteFile(_ id: RemoteFileID) async throws -> Bool
    func createJob(_ request: JobRequest) async throws -> JobSnapshot
    func job(_ id: JobID) async throws -> JobSnapshot
    func jobs(metadata: [String: String]) async throws -> [JobSnapshot]
    func events(_ id: JobID, after: String?) async throws -> [JobEvent]
    func checkpoints(_ id: JobID) async throws -> [JobCheckpoint]
    func resultFile(_ id: RemoteFileID) async throws -> [UInt8]
    func cancel(_ id: JobID) async throws -> JobSnapshot
    /// The base and fine-tuned models this provider can train from.
    func models() async throws -> [String]
    /// The models, when this provider knows them without asking anyone (no key, no network): a plan
    /// checks the spec's models against them. Nil for a remote API, whose list a plan never asks for.
    func modelsKnownOffline() async throws -> [String]?
    /// The model's answer to a conversation (chat completions, greedy).
    func complete(model: String, messages: [ChatMessage]) async throws -> String
    /// No more questions for `model` for now: whatever was started to answer them (a command trainer's
    /// model server) stops. Nothing to do where answering holds nothing open.
    func doneAsking(model: String) async
}

/// One message of a conversation sent for completion.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// Why a provider could not do what was asked.
public enum ProviderError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(what: String, id: String)
    case invalidRequest(String)
    case unavailable(String)
    /// A trainer's output file breaks the trainer contract (`docs/trainer-contract.md`).
    case badTrainerOutput(file: String, line: Int?, field: String?, expected: String)

    public var description: String {
        switch self {
        case let .notFound(what, id): "no \(what) '\(id)'"
        case let .invalidRequest(message): message
        case let .unavailable(message): message
        case let .badTrainerOutput(file, line, field, expected):
            ([line.map { "\(file):\($0)" } ?? file] + (field.map { [$0] } ?? []) + [expected]).joined(separator: ": ")
        }
    }
}

/// An error that may go away on its own (a dropped connection, 429, 5xx): callers that poll keep polling.
public protocol TransientFailure: Error {
    var isTransient: Bool { get }
    /// True when no new job can start for now (a daily cap, training withdrawn): a launcher stops
    /// launching, keeps its state, and a later launch picks up.
    var stopsLaunching: Bool { get }
    /// True when the provider will not create jobs at all (training withdrawn), not just for now.
    var refusesForGood: Bool { get }
}

extension FineTuningProvider {
    public func modelsKnownOffline() async throws -> [String]? { nil }
    public func doneAsking(model: String) async {}
}

extension TransientFailure {
    public var refusesForGood: Bool { false }
}
