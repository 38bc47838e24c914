/// One point of a learning curve: the metric a trial reported at a step (or any other resource count).
public struct CurvePoint: Sendable, Equatable, Codable {
    public var step: Int
    public var value: Double

    public init(step: Int, value: Double) {
        self.step = step
        self.value = value
    }
}

/// A trial a sampler learns from: its values, where it stands, and its curve so far.
public struct TrialRecord: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case running
        /// Finished, with the sweep's metric.
        case completed(Double)
        /// Stopped early by a rule; its curve says how far it got.
        case stopped
        case failed
    }

    public var values: Assignment
    public var state: State
    public var curve: [CurvePoint]

    public init(values: Assignment, state: State, curve: [CurvePoint] = []) {
        self.values = values
        self.state = state
        self.curve = curve
    }

    /// The final metric of a completed trial.
    public var value: Double? {
        if case .completed(let value) = state { return value }
        return nil
    }
}

extension Goal {
    /// Whether `a` is strictly better than `b` under this goal.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .minimize ? a < b : a > b
    }

    /// The value turned so that smaller is better, for sorting and comparing in one direction.
    func loss(_ value: Double) -> Double { self == .minimize ? value : -value }
}
