import SweepCore
import Testing

/// What every sampler promises, whatever its strategy.
@Suite struct SamplerContractTests {
    @Test(arguments: SamplerKind.allCases)
    func suggestionsStayInsideTheSpace(_ kind: SamplerKind) {
        let spaces = kind == .grid ? [Spaces.finite] : [Spaces.finite, Spaces.mixed]
        for space in spaces {
            let history = search(kind.sampler, space, seed: 3, count: 40)
            #expect(history.count == 40)
            for record in history { #expect(space.contains(record.values), "\(record.values)") }
        }
    }

    @Test(arguments: SamplerKind.allCases)
    func theSameSeedAndHistoryGiveTheSameSuggestion(_ kind: SamplerKind) {
        let space = kind == .grid ? Spaces.finite : Spaces.mixed
        let history = search(kind.sampler, space, seed: 5, count: 25)
        #expect(history == search(kind.sampler, space, seed: 5, count: 25))
        // A fresh instance, asked again about the same history, answers the same.
        #expect(kind.sampler.suggest(space: space, history: history, goal: .minimize, seed: 5)
            == kind.sampler.suggest(space: space, history: history, goal: .minimize, seed: 5))
    }

    @Test(arguments: SamplerKind.allCases.filter { $0 != .grid })
    func differentSeedsSearchDifferently(_ kind: SamplerKind) {
        let first = search(kind.sampler, Spaces.mixed, seed: 1, count: 20).map(\.values)
        let second = search(kind.sampler, Spaces.mixed, seed: 2, count: 20).map(\.values)
        #expect(first != second)
        #expect(Set(first).intersection(second).count < 5)
    }

    @Test(arguments: SamplerKind.allCases)
    func aFiniteSpaceIsWalkedWithoutRepeatsUntilItIsExhausted(_ kind: SamplerKind) {
        let size = Spaces.finite.finiteSize!
        let history = search(kind.sampler, Spaces.finite, seed: 9, count: size + 5)
        #expect(history.count == size)
        #expect(Set(history.map(\.values)).count == size)
        #expect(kind.sampler.suggest(space: Spaces.finite, history: history, goal: .minimize, seed: 9) == nil)
    }

    @Test(arguments: SamplerKind.allCases)
    func runningAndStoppedTrialsAreNotProposedAgain(_ kind: SamplerKind) {
        var history = search(kind.sampler, Spaces.finite, seed: 4, count: 12)
        for index in 0..<4 { history[index].state = .running }
        for index in 4..<8 {
            history[index].state = .stopped
            history[index].curve = [CurvePoint(step: 1, value: 2), CurvePoint(step: index, value: 1)]
        }
        for _ in 0..<30 {
            guard let next = kind.sampler.suggest(space: Spaces.finite, history: history, goal: .minimize, seed: 4) else { break }
            #expect(!history.map(\.values).contains(next))
            history.append(TrialRecord(values: next, state: .running))
        }
    }

    @Test(arguments: SamplerKind.allCases.filter { $0 != .grid })
    func trialsFromAnotherSpaceAreNoObstacle(_ kind: SamplerKind) {
        // A warm start from a sweep over other parameters, and a failure without a metric.
        let history = (0..<15).map { index in
            TrialRecord(values: ["model": .string("other"), "lr": .number(Double(index))], state: .completed(Double(index)))
        } + [TrialRecord(values: ["model": .string("base")], state: .failed)]
        let next = kind.sampler.suggest(space: Spaces.mixed, history: history, goal: .maximize, seed: 1)
        #expect(next.map(Spaces.mixed.contains) == true)
    }
}
