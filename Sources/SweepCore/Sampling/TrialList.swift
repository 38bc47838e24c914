/// A sweep's trials in proposal order, made on demand: a grid's trial `i` is read off `i`'s
/// mixed-radix digits, so a million-point grid is never held in memory; a sampled list is stored.
public struct TrialList: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case grid(spec: SweepSpec, axes: [(name: ParameterName, values: [ParamValue])], context: TrialContext, count: Int)
        case listed([Trial])
    }

    private let storage: Storage

    /// The grid of `spec` (the last parameter varies fastest), cut at `run_cap`. Each axis keeps the
    /// first of values equal once normalised (`3` and `3.0`), so no two points share a key.
    init(grid spec: SweepSpec, context: TrialContext) {
        let axes = spec.parameters.compactMap { entry in
            entry.spec.gridValues.map { values in
                (name: entry.name, values: values.reduce(into: [ParamValue]()) { kept, value in
                    if !kept.contains(value) { kept.append(value) }
                })
            }
        }
        let size = axes.reduce(1) { size, axis in
            let (product, overflow) = size.multipliedReportingOverflow(by: axis.values.count)
            return overflow ? .max : product
        }
        storage = .grid(spec: spec, axes: axes, context: context, count: Swift.min(size, spec.runCap ?? .max))
    }

    public init(_ trials: [Trial]) { storage = .listed(trials) }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case let .grid(_, _, _, count): count
        case let .listed(trials): trials.count
        }
    }

    public subscript(index: Int) -> Trial {
        switch storage {
        case let .listed(trials):
            return trials[index]
        case let .grid(spec, axes, context, _):
            var point: [ParameterName: ParamValue] = [:]
            var rest = index
            for (name, values) in axes.reversed() {
                point[name] = values[rest % values.count]
                rest /= values.count
            }
            return spec.makeTrial(index: index, point, context)
        }
    }
}
