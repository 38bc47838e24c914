/// Another trial's curve as an early-stopping rule sees it.
public struct PeerCurve: Sendable, Equatable {
    public var points: [CurvePoint]
    public var completed: Bool

    public init(points: [CurvePoint], completed: Bool) {
        self.points = points
        self.completed = completed
    }
}

/// Why a rule stopped a trial: the rule, the step, and the figures that decided it.
public struct StopReason: Sendable, Equatable, CustomStringConvertible {
    public var rule: String
    public var step: Int
    /// The trial's figure the rule judged (its best so far, or its value at a rung).
    public var value: Double
    /// What the figure had to beat.
    public var threshold: Double
    /// The comparison in words, with its counts.
    public var detail: String

    public init(rule: String, step: Int, value: Double, threshold: Double, detail: String) {
        self.rule = rule
        self.step = step
        self.value = value
        self.threshold = threshold
        self.detail = detail
    }

    public var description: String { "\(rule) at step \(step): \(detail)" }
}

public enum StopDecision: Sendable, Equatable {
    case `continue`
    case stop(StopReason)
}

/// When to stop a trial early, pure: the same curves give the same decision. Called after each new
/// point of a running trial's curve, with every other trial's curve as it stands.
public protocol EarlyStopRule: Sendable {
    func decide(curve: [CurvePoint], peers: [PeerCurve], goal: Goal) -> StopDecision
}

extension [CurvePoint] {
    /// The best value among the points up to and including `step`, nil when none are.
    func best(upTo step: Int, _ goal: Goal) -> Double? {
        lazy.filter { $0.step <= step }.map(\.value).min { goal.isBetter($0, than: $1) }
    }
}

/// The median of numbers (the mean of the middle two for an even count); nil for none.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
