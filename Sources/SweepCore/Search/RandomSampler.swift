/// Random search: trial i draws from stream i of the seed, one uniform number per parameter in
/// order, skipping draws the history already holds (as `SweepSpec.trials(in:)` does).
public struct RandomSampler: Sampler {
    /// Draws tried per trial before a finite space is searched for what is left.
    public var attemptsPerTrial: Int

    public init(attemptsPerTrial: Int = 50) {
        self.attemptsPerTrial = attemptsPerTrial
    }

    public func suggest(space: SearchSpace, history: [TrialRecord], goal: Goal, seed: UInt64) -> Assignment? {
        let proposed = history.proposed
        if let size = space.finiteSize, proposed.count >= size { return nil }
        // Streams before history.count made the history's trials or repeats of them, so the walk
        // resumes where the full sequence would be.
        let first = UInt64(history.count)
        for stream in first..<(first + UInt64(attemptsPerTrial)) {
            var generator = SplitMix64(seed: seed, stream: stream)
            let point = space.draw(&generator)
            if !proposed.contains(point) { return point }
        }
        return space.untried(proposed, seed: seed, stream: first)
    }
}

extension SearchSpace {
    /// A point of a finite space the history lacks, chosen by the seed; nil when none is left or the
    /// space is too large to list.
    func untried(_ proposed: Set<Assignment>, seed: UInt64, stream: UInt64) -> Assignment? {
        guard let size = finiteSize, size <= 1_000_000 else { return nil }
        let left = (0..<size).lazy.map(gridPoint(at:)).filter { !proposed.contains($0) }
        let count = left.count
        guard count > 0 else { return nil }
        var generator = SplitMix64(seed: seed, stream: stream)
        return Array(left)[Int(generator.unit() * Double(count))]
    }
}
