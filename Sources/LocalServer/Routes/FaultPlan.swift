import Foundation
import SweepCore
import Synchronization

/// Faults `ftsweep serve --faults` injects, for testing clients: `429=0.1,500=0.05,503=0.02,drop=0.02,
/// latency=0.1:200ms,seed=7`. A 429 carries `retry-after`; a drop processes the request, then cuts
/// the response short, as a connection lost on the way back does.
public struct FaultPlan: Sendable, Equatable {
    public var tooManyRequests = 0.0
    public var serverError = 0.0
    public var unavailable = 0.0
    public var drop = 0.0
    /// Job creations refused with OpenAI's daily-cap 429 (`daily_rate_limit_exceeded`).
    public var dailyCap = 0.0
    public var latency = 0.0
    public var latencyDuration: Duration = .milliseconds(200)
    public var seed: UInt64 = 1

    public enum Fault: Equatable, Sendable { case tooManyRequests, serverError, unavailable, drop, latency }

    public init() {}

    /// Parses the `--faults` text; the error says which item is wrong.
    public init(parsing text: String) throws(SpecError) {
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            func fail() -> SpecError {
                SpecError(
                    file: "--faults", line: nil, path: String(item),
                    message:
                        "expected KIND=PROBABILITY with KIND 429, 500, 503, drop, daily or latency (latency=P:MSms), or seed=N"
                )
            }
            guard pair.count == 2 else { throw fail() }
            if pair[0] == "seed" {
                guard let seed = UInt64(pair[1]) else { throw fail() }
                self.seed = seed
                continue
            }
            let parts = pair[1].split(separator: ":").map(String.init)
            guard let probability = Double(parts[0]), (0...1).contains(probability) else { throw fail() }
            switch pair[0] {
            case "429": tooManyRequests = probability
            case "500": serverError = probability
            case "503": unavailable = probability
            case "drop": drop = probability
            case "daily": dailyCap = probability
            case "latency":
                latency = probability
                if parts.count == 2 {
                    guard parts[1].hasSuffix("ms"), let milliseconds = Int(parts[1].dropLast(2)) else { throw fail() }
                    latencyDuration = .milliseconds(milliseconds)
                }
            default: throw fail()
            }
        }
    }

    /// The fault for a request whose draw is `u`, uniform in [0, 1).
    func fault(at u: Double) -> Fault? {
        var edge = 0.0
        for (fault, probability) in [
            (Fault.tooManyRequests, tooManyRequests), (.serverError, serverError), (.unavailable, unavailable),
            (.drop, drop), (.latency, latency),
        ] {
            edge += probability
            if u < edge { return fault }
        }
        return nil
    }
}

/// Draws faults for requests from one seeded stream, shared by all connections.
final class FaultInjector: Sendable {
    /// Whether this job creation hits the daily cap (a separate stream, so other faults stay as they were).
    func dailyCapReached() -> Bool { plan.dailyCap > 0 && dailyGenerator.withLock { $0.unit() } < plan.dailyCap }
    private let dailyGenerator: Mutex<SplitMix64>

    let plan: FaultPlan
    private let generator: Mutex<SplitMix64>

    init(_ plan: FaultPlan) {
        self.plan = plan
        generator = Mutex(SplitMix64(seed: plan.seed))
        dailyGenerator = Mutex(SplitMix64(seed: plan.seed, stream: 1))
    }

    func next() -> FaultPlan.Fault? { plan.fault(at: generator.withLock { $0.unit() }) }
}
