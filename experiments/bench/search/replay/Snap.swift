import Foundation
import SweepCore

extension SearchSpace {
    /// The grid point nearest to a suggestion of `space` (a wider space over the same names): each
    /// value mapped to its axis's nearest listed value, on a log scale where `space` draws the
    /// parameter log-uniformly, else a linear one; a value that is not a number must be listed.
    func nearest(to suggestion: Assignment, drawnFrom space: SearchSpace) -> Assignment {
        var point: Assignment = [:]
        for (name, values) in gridAxes {
            guard let value = suggestion[name] else { preconditionFailure("the suggestion has no \(name)") }
            guard let number = value.double else {
                point[name] = value
                continue
            }
            let logScale = space.parameters.first { $0.name == name }.map { parameter in
                if case .distribution(.logUniformValues) = parameter.spec { return true }
                return false
            } ?? false
            func distance(_ listed: ParamValue) -> Double {
                guard let other = listed.double else { return .infinity }
                return logScale ? abs(log(other / number)) : abs(other - number)
            }
            point[name] = values.min { distance($0) < distance($1) }
        }
        return point
    }
}
