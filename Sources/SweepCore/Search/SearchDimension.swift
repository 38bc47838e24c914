import Foundation

/// A parameter as a model-based sampler sees it: a number line (linear, log or integer), a list of
/// numbers in increasing order, a set of choices, or a constant. Values map to coordinates and back.
enum SearchDimension: Sendable, Equatable {
    /// Coordinates in [low, high]: the value itself, or its logarithm; rounded to a multiple of `q` on the way out.
    case continuous(low: Double, high: Double, log: Bool, q: Double?)
    /// Coordinates are the integers themselves; each owns the interval of width 1 around it.
    case integer(low: Int, high: Int)
    /// Numbers listed in increasing order: coordinates are their positions, so neighbours in the list
    /// are near each other (a list of learning rates is usually spaced as the user wants it searched).
    case ordinal([ParamValue])
    /// Coordinates are indices into the values.
    case choice([ParamValue])
    case fixed(ParamValue)

    init(_ spec: ParameterSpec) {
        switch spec {
        case .value(let value): self = .fixed(value)
        case .values(let values):
            let numbers = values.compactMap(\.double)
            let increasing = numbers.count == values.count && zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }
            self = increasing && values.count > 1 ? .ordinal(values) : .choice(values)
        case .distribution(.categorical(let values, _)): self = .choice(values)
        case .distribution(.intUniform(let low, let high)): self = .integer(low: low, high: high)
        case .distribution(.uniform(let low, let high)): self = .continuous(low: low, high: high, log: false, q: nil)
        case .distribution(.logUniformValues(let low, let high)): self = .continuous(low: Foundation.log(low), high: Foundation.log(high), log: true, q: nil)
        case .distribution(.qUniform(let low, let high, let q)): self = .continuous(low: low, high: high, log: false, q: q)
        }
    }

    /// The value's coordinate, or nil when the value is not one this dimension holds.
    func coordinate(of value: ParamValue) -> Double? {
        switch self {
        case .fixed(let fixed): return value == fixed ? 0 : nil
        case .choice(let values), .ordinal(let values): return values.firstIndex(of: value).map(Double.init)
        case .integer(let low, let high): return value.int.flatMap { (low...high).contains($0) ? Double($0) : nil }
        case .continuous(_, _, let log, _):
            guard let number = value.double, !log || number > 0 else { return nil }
            return log ? Foundation.log(number) : number
        }
    }

    func value(at coordinate: Double) -> ParamValue {
        switch self {
        case .fixed(let value): return value
        case .choice(let values), .ordinal(let values): return values[Int(coordinate)]
        case .integer: return .int(Int(coordinate))
        case .continuous(let low, let high, let log, let q):
            let number = log ? exp(min(max(coordinate, low), high)) : min(max(coordinate, low), high)
            guard let q else { return .number(number) }
            return ParamValue.number((number / q).rounded() * q).normalized
        }
    }
}
