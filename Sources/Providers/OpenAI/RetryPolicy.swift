import SweepCore

/// Retries as carefully as OpenAI's SDK: connection errors, 408, 409, 429 and 5xx are retried;
/// `retry-after-ms` / `retry-after` are honoured up to 120 s, otherwise min(0.5·2ⁿ, 8) s with jitter
/// (a factor from 0.75 to 1); attempts are bounded.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// The random factor in [0, 1) for jitter; tests fix it.
    public var jitter: @Sendable () -> Double

    public init(maxAttempts: Int = 5, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = maxAttempts
        self.jitter = jitter
    }

    /// Whether a failure with this status (nil: no response at all) is worth another attempt.
    public static func isRetryable(status: Int?) -> Bool {
        guard let status else { return true }
        return status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 0).
    public func delay(attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter, retryAfter > .zero, retryAfter <= .seconds(120) { return retryAfter }
        let base = min(0.5 * Double(1 << min(attempt, 10)), 8)
        return .milliseconds(Int((base * (1 - 0.25 * jitter()) * 1000).rounded()))
    }

    /// `retry-after-ms`, else `retry-after` in seconds, from response headers (names lower-cased).
    public static func retryAfter(_ headers: [String: String]) -> Duration? {
        if let milliseconds = headers["retry-after-ms"].flatMap(Double.init) { return .milliseconds(Int(milliseconds)) }
        if let seconds = headers["retry-after"].flatMap(Double.init) { return .milliseconds(Int(seconds * 1000)) }
        return nil
    }
}
