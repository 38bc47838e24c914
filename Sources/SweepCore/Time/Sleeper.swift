/// Sleeps between polls and retries; tests record the delays instead of waiting.
public protocol Sleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct TaskSleeper: Sleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
