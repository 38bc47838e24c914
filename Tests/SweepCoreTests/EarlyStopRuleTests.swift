import SweepCore
import Testing

private func line(_ values: [Double], from first: Int = 1) -> [CurvePoint] {
    values.enumerated().map { CurvePoint(step: first + $0.offset, value: $0.element) }
}

@Suite struct MedianStoppingRuleTests {
    private let completed = [
        PeerCurve(points: line([1.0, 0.8, 0.6, 0.5]), completed: true),
        PeerCurve(points: line([1.1, 0.9, 0.7, 0.6]), completed: true),
        PeerCurve(points: line([1.2, 1.0, 0.8, 0.7]), completed: true),
    ]

    @Test func aClearlyWorseCurveIsStoppedWithTheFigures() {
        let decision = MedianStoppingRule(startupTrials: 3).decide(curve: line([2.0, 1.9]), peers: completed, goal: .minimize)
        // Running averages up to step 2: 0.9, 1.0, 1.1; the median is 1.0 and the best so far 1.9.
        #expect(decision == .stop(StopReason(rule: "median rule", step: 2, value: 1.9, threshold: 1.0,
                                             detail: "best so far 1.9 is worse than 1.0, the median of 3 completed trials' running averages")))
    }

    @Test func aCurveAtTheMedianGoesOn() {
        #expect(MedianStoppingRule(startupTrials: 3).decide(curve: line([1.5, 1.0]), peers: completed, goal: .minimize) == .continue)
    }

    @Test func tooFewCompletedTrialsOrPeersAtTheStepStopNothing() {
        #expect(MedianStoppingRule(startupTrials: 4).decide(curve: line([2.0, 1.9]), peers: completed, goal: .minimize) == .continue)
        let running = completed.map { PeerCurve(points: $0.points, completed: false) }
        #expect(MedianStoppingRule(startupTrials: 0).decide(curve: line([2.0, 1.9]), peers: running, goal: .minimize) == .continue)
        // No completed trial got as far as step 5.
        #expect(MedianStoppingRule(startupTrials: 3).decide(curve: line([2, 2, 2, 2, 2]), peers: completed, goal: .minimize) == .continue)
        #expect(MedianStoppingRule(startupTrials: 3, minPeers: 4).decide(curve: line([2.0, 1.9]), peers: completed, goal: .minimize) == .continue)
    }
}

@Suite struct SuccessiveHalvingRuleTests {
    @Test func rungsGrowByEta() {
        #expect(SuccessiveHalvingRule(minResource: 2, reductionFactor: 3).rungs(upTo: 60) == [2, 6, 18, 54])
        #expect(SuccessiveHalvingRule(minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1).rungs(upTo: 60) == [6, 18, 54])
    }

    @Test func theTopOneInEtaIsPromotedAtEachRung() {
        let rule = SuccessiveHalvingRule(minResource: 1, reductionFactor: 3)
        // Nine trials reach rung 1 one after another, in this order of values.
        var peers: [PeerCurve] = []
        var promoted: [Double] = []
        for value in [5.0, 7, 3, 9, 1, 6, 2, 8, 4] {
            if rule.decide(curve: line([value]), peers: peers, goal: .minimize) == .continue { promoted.append(value) }
            peers.append(PeerCurve(points: line([value]), completed: false))
        }
        // Asynchronous: a trial goes on when it is in the top ⌊n/3⌋ of the n that reached the rung so far
        // (the best alone while n < 3): 5, 3, 1 lead when they arrive; 2 is in the top 2 of 7.
        #expect(promoted == [5, 3, 1, 2])
        // Of all nine, the top third (1, 2, 3) went on, and no trial outside the top half did.
        #expect(Set(promoted).isSuperset(of: [1, 2, 3]))
        #expect(promoted.allSatisfy { $0 <= 5 })
    }

    @Test func onlyThePointThatReachesARungIsJudged() {
        let rule = SuccessiveHalvingRule(minResource: 2, reductionFactor: 2)
        let peers = [PeerCurve(points: line([1, 0.5, 0.4, 0.3]), completed: true)]
        #expect(rule.decide(curve: line([3]), peers: peers, goal: .minimize) == .continue)
        #expect(rule.decide(curve: line([3, 2]), peers: peers, goal: .minimize) != .continue)
        // Past rung 2 and short of rung 4 there is nothing to judge.
        #expect(rule.decide(curve: line([3, 2, 2]), peers: peers, goal: .minimize) == .continue)
        // Points that skip steps are judged at the first point past the rung.
        #expect(rule.decide(curve: [CurvePoint(step: 1, value: 3), CurvePoint(step: 5, value: 2)], peers: peers, goal: .minimize) != .continue)
    }
}

extension SuccessiveHalvingRuleTests {
    /// As in ASHA and Optuna, a rung compares the values there, not the best values so far, which
    /// would favour noisy curves whose lucky dips stand in for progress.
    @Test func aRungComparesTheValuesThere() {
        let rule = SuccessiveHalvingRule(minResource: 2, reductionFactor: 2)
        let peers = [PeerCurve(points: line([2.5, 2.0]), completed: true)]
        guard case .stop(let reason) = rule.decide(curve: line([1.0, 3.0]), peers: peers, goal: .minimize) else {
            Issue.record("a trial worse at the rung went on")
            return
        }
        #expect(reason.value == 3.0 && reason.threshold == 2.0)
        #expect(rule.decide(curve: line([9.0, 1.5]), peers: peers, goal: .minimize) == .continue)
    }
}

@Suite struct PatienceRuleTests {
    @Test func aPlateauIsStoppedAfterPatienceEvaluations() {
        let rule = PatienceRule(patience: 2, minDelta: 0.05)
        #expect(rule.decide(curve: line([1.0, 0.9, 0.88]), peers: [], goal: .minimize) == .continue)
        let decision = rule.decide(curve: line([1.0, 0.9, 0.88, 0.87]), peers: [], goal: .minimize)
        guard case .stop(let reason) = decision else { Issue.record("not stopped: \(decision)"); return }
        #expect(reason.step == 4 && reason.value == 0.87)
        #expect(abs(reason.threshold - 0.85) < 1e-12)
    }

    @Test func anImprovementByMoreThanMinDeltaResetsThePatience() {
        let rule = PatienceRule(patience: 2, minDelta: 0.05)
        #expect(rule.decide(curve: line([1.0, 0.9, 0.88, 0.8]), peers: [], goal: .minimize) == .continue)
        #expect(rule.decide(curve: line([0.5, 0.6, 0.7]), peers: [], goal: .maximize) == .continue)
        #expect(rule.decide(curve: line([0.5, 0.52, 0.53]), peers: [], goal: .maximize) != .continue)
    }
}
