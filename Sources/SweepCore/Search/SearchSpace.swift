/// One trial's parameter values, by parameter name.
public typealias Assignment = [String: ParamValue]

/// What a search may vary: parameters in order, each given as a spec gives it (a value, a list or a
/// distribution). The order is the grid's order (the last varies fastest) and the draws' order.
public struct SearchSpace: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var spec: ParameterSpec

        public init(name: String, spec: ParameterSpec) {
            self.name = name
            self.spec = spec
        }
    }

    public var parameters: [Parameter]

    public init(_ parameters: [(name: String, spec: ParameterSpec)]) {
        self.parameters = parameters.map { Parameter(name: $0.name, spec: $0.spec) }
    }

    /// The number of points when every parameter is finite (saturating at `Int.max`); nil otherwise.
    public var finiteSize: Int? {
        var size = 1
        for parameter in parameters {
            guard let count = parameter.spec.gridValues?.count else { return nil }
            let (product, overflow) = size.multipliedReportingOverflow(by: count)
            size = overflow ? .max : product
        }
        return size
    }

    /// The finite parameters with their values, in order: the axes of the grid.
    public var gridAxes: [(name: String, values: [ParamValue])] {
        parameters.compactMap { parameter in parameter.spec.gridValues.map { (parameter.name, $0) } }
    }

    /// Point `index` of the grid over `gridAxes`, read off the index's mixed-radix digits with the
    /// last axis varying fastest.
    public func gridPoint(at index: Int) -> Assignment {
        var point: Assignment = [:]
        var rest = index
        for (name, values) in gridAxes.reversed() {
            point[name] = values[rest % values.count]
            rest /= values.count
        }
        return point
    }

    /// One draw for random search: one uniform number per parameter, in order, each mapped by its spec.
    public func draw(_ generator: inout SplitMix64) -> Assignment {
        var point: Assignment = [:]
        for parameter in parameters {
            point[parameter.name] = parameter.spec.draw(generator.unit())
        }
        return point
    }

    /// Whether `assignment` gives every parameter a value the parameter allows, and nothing else.
    public func contains(_ assignment: Assignment) -> Bool {
        assignment.count == parameters.count && parameters.allSatisfy { parameter in
            assignment[parameter.name].map(parameter.spec.allows) ?? false
        }
    }
}

extension ParameterSpec {
    /// Whether a trial may carry `value` for this parameter.
    func allows(_ value: ParamValue) -> Bool {
        switch self {
        case .value(let fixed): return value == fixed
        case .values(let values): return values.contains(value)
        case .distribution(.categorical(let values, _)): return values.contains(value)
        case .distribution(.intUniform(let low, let high)): return value.int.map { (low...high).contains($0) } ?? false
        case .distribution(.uniform(let low, let high)), .distribution(.logUniformValues(let low, let high)):
            // The log mapping's exp(log(x)) may land a rounding error outside the bounds.
            let slack = 1e-12 * max(abs(low), abs(high))
            return value.double.map { $0 >= low - slack && $0 <= high + slack } ?? false
        case .distribution(.qUniform(let low, let high, let q)):
            // Rounding to a multiple of q may step up to half a q outside the bounds.
            return value.double.map { $0 >= low - q / 2 && $0 <= high + q / 2 } ?? false
        }
    }
}
