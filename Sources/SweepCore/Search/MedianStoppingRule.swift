/// The median stopping rule (Golovin et al. 2017, Google Vizier): stop a trial at step s when its
/// best value so far is worse than the median of the completed trials' running averages up to s.
/// As Optuna's `MedianPruner`: nothing is stopped before `startupTrials` trials have completed, or
/// before step `warmupSteps`, or with fewer than `minPeers` completed trials that reached step s.
public struct MedianStoppingRule: EarlyStopRule {
    public var startupTrials: Int
    public var warmupSteps: Int
    public var minPeers: Int

    public init(startupTrials: Int = 5, warmupSteps: Int = 0, minPeers: Int = 1) {
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
        self.minPeers = minPeers
    }

    public func decide(curve: [CurvePoint], peers: [PeerCurve], goal: Goal) -> StopDecision {
        guard let step = curve.last?.step, step >= warmupSteps, let best = curve.best(upTo: step, goal) else { return .continue }
        let completed = peers.filter(\.completed)
        guard completed.count >= startupTrials else { return .continue }
        let averages = completed.compactMap { peer -> Double? in
            guard let last = peer.points.last, last.step >= step else { return nil }
            let upTo = peer.points.filter { $0.step <= step }.map(\.value)
            return upTo.isEmpty ? nil : upTo.reduce(0, +) / Double(upTo.count)
        }
        guard averages.count >= max(1, minPeers), let middle = median(averages), goal.isBetter(middle, than: best) else {
            return .continue
        }
        return .stop(StopReason(
            rule: "median rule", step: step, value: best, threshold: middle,
            detail: "best so far \(best) is worse than \(middle), the median of \(averages.count) completed trials' running averages"))
    }
}
