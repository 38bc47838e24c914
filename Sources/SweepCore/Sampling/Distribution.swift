import Foundation

/// A W&B sweep distribution, mapping a uniform draw in [0, 1) to a value (wandb/sweeps `ppf`).
public enum Distribution: Sendable, Equatable {
    case intUniform(min: Int, max: Int)
    case uniform(min: Double, max: Double)
    case logUniformValues(min: Double, max: Double)
    case qUniform(min: Double, max: Double, q: Double)
    case categorical(values: [ParamValue], probabilities: [Double]?)

    /// The W&B name, as written in specs.
    public var name: String {
        switch self {
        case .intUniform: "int_uniform"
        case .uniform: "uniform"
        case .logUniformValues: "log_uniform_values"
        case .qUniform: "q_uniform"
        case .categorical: "categorical"
        }
    }

    public static let names = ["int_uniform", "uniform", "log_uniform_values", "q_uniform", "categorical"]

    /// The value at the quantile `u` in [0, 1).
    public func value(at u: Double) -> ParamValue {
        switch self {
        case let .intUniform(low, high):
            return .int(low + min(high - low, Int(u * Double(high - low + 1))))
        case let .uniform(low, high):
            return .number(low + u * (high - low))
        case let .logUniformValues(low, high):
            return .number(exp(log(low) + u * (log(high) - log(low))))
        case let .qUniform(low, high, q):
            return ParamValue.number(((low + u * (high - low)) / q).rounded() * q).normalized
        case let .categorical(values, probabilities):
            let weights = probabilities ?? Array(repeating: 1.0 / Double(values.count), count: values.count)
            var cumulative = 0.0
            for (value, weight) in zip(values, weights) {
                cumulative += weight
                if u < cumulative { return value }
            }
            return values[values.count - 1]
        }
    }
}

/// How a spec gives one parameter: a fixed value, a list, or a distribution.
public enum ParameterSpec: Sendable, Equatable {
    case value(ParamValue)
    case values([ParamValue])
    case distribution(Distribution)

    /// The values a grid walks, or nil for a continuous distribution.
    public var gridValues: [ParamValue]? {
        switch self {
        case .value(let value): [value]
        case .values(let values): values
        case .distribution(.categorical(let values, _)): values
        case .distribution(.intUniform(let low, let high)) where high - low < 1_000: (low...high).map(ParamValue.int)
        case .distribution: nil
        }
    }

    /// A draw for random search.
    public func draw(_ u: Double) -> ParamValue {
        switch self {
        case .value(let value): value
        case .values(let values): Distribution.categorical(values: values, probabilities: nil).value(at: u)
        case .distribution(let distribution): distribution.value(at: u)
        }
    }
}
