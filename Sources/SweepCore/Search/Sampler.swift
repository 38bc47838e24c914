/// A search strategy, pure: the same space, history, goal and seed always give the same suggestion.
/// History is every trial so far, finished or running, in the order they were proposed.
public protocol Sampler: Sendable {
    /// The next trial's values, or nil when the space has nothing left to try.
    func suggest(space: SearchSpace, history: [TrialRecord], goal: Goal, seed: UInt64) -> Assignment?
}

extension Sequence where Element == TrialRecord {
    /// The assignments already proposed, for samplers that never repeat one.
    var proposed: Set<Assignment> { Set(map(\.values)) }
}
