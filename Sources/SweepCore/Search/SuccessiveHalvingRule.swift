/// Asynchronous successive halving (ASHA; Li et al. 2020), as Optuna's `SuccessiveHalvingPruner`:
/// rung k sits at step minResource·η^(k + minEarlyStoppingRate). When a trial first reaches a rung it
/// goes on only if its value there (at the first point at or past the rung) is among the top 1/η of
/// the values every trial that reached the rung had there (the best one alone while fewer than η
/// have). The keys match W&B's hyperband: `min_iter` is minResource, `eta` is reductionFactor.
public struct SuccessiveHalvingRule: EarlyStopRule {
    public var minResource: Int
    public var reductionFactor: Int
    public var minEarlyStoppingRate: Int

    public init(minResource: Int, reductionFactor: Int = 4, minEarlyStoppingRate: Int = 0) {
        precondition(minResource >= 1 && reductionFactor >= 2, "ASHA needs a minimum resource of at least 1 and η of at least 2")
        self.minResource = minResource
        self.reductionFactor = reductionFactor
        self.minEarlyStoppingRate = minEarlyStoppingRate
    }

    /// The rungs' steps up to `step`, lowest first.
    public func rungs(upTo step: Int) -> [Int] {
        var rungs: [Int] = []
        var rung = minResource
        for _ in 0..<minEarlyStoppingRate { rung = rung.multipliedReportingOverflow(by: reductionFactor).partialValue }
        while rung <= step && rung > 0 {
            rungs.append(rung)
            let (next, overflow) = rung.multipliedReportingOverflow(by: reductionFactor)
            if overflow { break }
            rung = next
        }
        return rungs
    }

    public func decide(curve: [CurvePoint], peers: [PeerCurve], goal: Goal) -> StopDecision {
        guard let step = curve.last?.step else { return .continue }
        let previous = curve.count >= 2 ? curve[curve.count - 2].step : Int.min
        // Only the point that first reaches a rung is judged there; a promotion is never taken back.
        guard let rung = rungs(upTo: step).last(where: { $0 > previous }), let value = curve.last?.value else { return .continue }
        let others = peers.compactMap { peer in peer.points.first(where: { $0.step >= rung })?.value }
        let competing = (others + [value]).sorted { goal.isBetter($0, than: $1) }
        let promoted = max(1, competing.count / reductionFactor)
        let threshold = competing[promoted - 1]
        guard goal.isBetter(threshold, than: value) else { return .continue }
        return .stop(StopReason(
            rule: "successive halving", step: step, value: value, threshold: threshold,
            detail: "\(value) at rung \(rung) is outside the top \(promoted) of \(competing.count) (needed \(threshold), η = \(reductionFactor))"))
    }
}
