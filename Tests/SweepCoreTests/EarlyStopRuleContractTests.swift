import SweepCore
import Testing

/// A falling loss curve: `start` at step 1, then down by `rate` per step with a seeded wobble.
private func curve(start: Double, rate: Double, steps: Int, seed: UInt64) -> [CurvePoint] {
    var generator = SplitMix64(seed: seed)
    return (1...steps).map { step in
        CurvePoint(step: step, value: start * (1 - rate * Double(step) / Double(steps + 1)) + 0.02 * generator.unit())
    }
}

/// Ten peers of mixed quality, the first seven completed.
private let peers = (0..<10).map { index in
    PeerCurve(points: curve(start: 1 + 0.1 * Double(index), rate: 0.5, steps: index < 7 ? 12 : 6, seed: UInt64(index)), completed: index < 7)
}

/// What every early-stopping rule promises.
@Suite struct EarlyStopRuleContractTests {
    @Test(arguments: RuleKind.allCases)
    func nothingIsStoppedBeforeTheWarmUp(_ kind: RuleKind) {
        // A flat, hopeless curve: every rule would stop it once allowed to.
        let hopeless = (1...12).map { CurvePoint(step: $0, value: 9) }
        for length in 1..<kind.warmup {
            #expect(kind.rule.decide(curve: Array(hopeless.prefix(length)), peers: peers, goal: .minimize) == .continue)
        }
        let stops = (kind.warmup...12).filter { kind.rule.decide(curve: Array(hopeless.prefix($0)), peers: peers, goal: .minimize) != .continue }
        #expect(!stops.isEmpty)
    }

    @Test(arguments: RuleKind.allCases)
    func decisionsAreDeterministicAndSayWhatDecided(_ kind: RuleKind) {
        let bad = curve(start: 3, rate: 0.01, steps: 12, seed: 99)
        for length in 1...12 {
            let trial = Array(bad.prefix(length))
            let decision = kind.rule.decide(curve: trial, peers: peers, goal: .minimize)
            #expect(decision == kind.rule.decide(curve: trial, peers: peers, goal: .minimize))
            if case .stop(let reason) = decision {
                #expect(reason.step == length)
                #expect(reason.description.contains("step \(length)"))
                #expect(reason.value != reason.threshold)
            }
        }
    }

    @Test(arguments: RuleKind.allCases.filter { $0 != .patience })
    func theBestTrialSoFarIsNeverStopped(_ kind: RuleKind) {
        // Better at every step than any peer ever was, yet noisy, so its own curve has ups and downs.
        let best = (1...12).map { CurvePoint(step: $0, value: 0.3 - 0.01 * Double($0 % 3)) }
        for length in 1...12 {
            #expect(kind.rule.decide(curve: Array(best.prefix(length)), peers: peers, goal: .minimize) == .continue)
        }
    }

    @Test(arguments: RuleKind.allCases)
    func maximizingMirrorsMinimizing(_ kind: RuleKind) {
        let flipped = peers.map { PeerCurve(points: $0.points.map { CurvePoint(step: $0.step, value: -$0.value) }, completed: $0.completed) }
        let trial = curve(start: 1.6, rate: 0.2, steps: 12, seed: 5)
        for length in 1...12 {
            let minimizing = kind.rule.decide(curve: Array(trial.prefix(length)), peers: peers, goal: .minimize)
            let maximizing = kind.rule.decide(
                curve: trial.prefix(length).map { CurvePoint(step: $0.step, value: -$0.value) }, peers: flipped, goal: .maximize)
            #expect((minimizing == .continue) == (maximizing == .continue))
        }
    }

    @Test(arguments: RuleKind.allCases)
    func aSteadilyImprovingLeaderRunsToTheEnd(_ kind: RuleKind) {
        let leader = (1...12).map { CurvePoint(step: $0, value: 0.5 - 0.03 * Double($0)) }
        for length in 1...12 {
            #expect(kind.rule.decide(curve: Array(leader.prefix(length)), peers: peers, goal: .minimize) == .continue)
        }
    }
}
