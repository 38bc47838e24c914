/// Patience on a validation metric: stop when the last `patience` evaluations have not improved on
/// the best before them by more than `minDelta` (Keras's `EarlyStopping`, Optuna's `PatientPruner`).
/// Peers play no part: the question is whether more training helps this trial.
public struct PatienceRule: EarlyStopRule {
    public var patience: Int
    public var minDelta: Double

    public init(patience: Int, minDelta: Double = 0) {
        precondition(patience >= 1 && minDelta >= 0, "patience needs at least one evaluation and a non-negative min_delta")
        self.patience = patience
        self.minDelta = minDelta
    }

    public func decide(curve: [CurvePoint], peers: [PeerCurve], goal: Goal) -> StopDecision {
        guard curve.count > patience, let step = curve.last?.step else { return .continue }
        let before = curve.dropLast(patience).map(\.value).min { goal.isBetter($0, than: $1) }!
        let recent = curve.suffix(patience).map(\.value).min { goal.isBetter($0, than: $1) }!
        let needed = goal == .minimize ? before - minDelta : before + minDelta
        guard !goal.isBetter(recent, than: needed) else { return .continue }
        return .stop(StopReason(
            rule: "patience", step: step, value: recent, threshold: needed,
            detail: "no improvement on \(before) by more than \(minDelta) in the last \(patience) evaluations (best of them \(recent))"))
    }
}
