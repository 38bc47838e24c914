/// The grid: point i read off i's mixed-radix digits over the finite parameters, the last varying
/// fastest (parameters with no finite values are left out, as `SweepSpec.trials(in:)` does).
/// The next point is the first from position `history.count` on that the history does not hold.
public struct GridSampler: Sampler {
    public init() {}

    public func suggest(space: SearchSpace, history: [TrialRecord], goal: Goal, seed: UInt64) -> Assignment? {
        let size = space.gridAxes.reduce(1) { size, axis in
            let (product, overflow) = size.multipliedReportingOverflow(by: axis.values.count)
            return overflow ? .max : product
        }
        let proposed = history.proposed
        // Every earlier position holds either a trial of the history or a repeat of one, so
        // starting at history.count finds the same point the full walk would.
        var index = history.count
        while index < size {
            let point = space.gridPoint(at: index)
            if !proposed.contains(point) { return point }
            index += 1
        }
        return nil
    }
}
