import Providers
import Testing

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesFromHalfASecondUpToEight() {
        let policy = RetryPolicy(jitter: { 0 })
        #expect((0..<6).map { policy.delay(attempt: $0, retryAfter: nil) } == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
    }

    @Test func jitterShortensByAtMostAQuarter() {
        #expect(RetryPolicy(jitter: { 0.999 }).delay(attempt: 1, retryAfter: nil) == .milliseconds(750))
    }

    @Test func retryAfterIsHonouredUpToTwoMinutes() {
        let policy = RetryPolicy(jitter: { 0 })
        #expect(policy.delay(attempt: 0, retryAfter: .seconds(30)) == .seconds(30))
        #expect(policy.delay(attempt: 0, retryAfter: .seconds(300)) == .milliseconds(500))
        #expect(RetryPolicy.retryAfter(["retry-after-ms": "1500", "retry-after": "9"]) == .milliseconds(1500))
        #expect(RetryPolicy.retryAfter(["retry-after": "2.5"]) == .milliseconds(2500))
    }

    @Test(arguments: [(nil as Int?, true), (408, true), (409, true), (429, true), (500, true), (503, true), (400, false), (401, false), (403, false), (404, false)])
    func whatIsRetried(_ status: Int?, _ retried: Bool) {
        #expect(RetryPolicy.isRetryable(status: status) == retried)
    }
}
