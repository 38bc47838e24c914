import Foundation

/// A Parzen (kernel density) estimator over a search space's coordinates, as TPE builds one for its
/// good and one for its bad trials (Bergstra et al. 2011; Optuna's `_ParzenEstimator`): one kernel
/// per observation plus a broad prior kernel; truncated Gaussians on number lines with bandwidths
/// from the gaps to neighbouring observations, smoothed indicator vectors on choices. Kernels are
/// products over the dimensions, so samples keep the parameters' joint structure.
struct ParzenEstimator {
    private enum Kernels {
        case numeric(mus: [Double], sigmas: [Double], low: Double, high: Double, discrete: Bool)
        case choice(probabilities: [[Double]])
        case fixed
    }

    private let logWeights: [Double]
    private let kernels: [Kernels]

    /// `observations` in trial order (older trials weigh less once there are more than 25).
    init(observations: [[Double]], dimensions: [SearchDimension], priorWeight: Double) {
        let count = observations.count
        var weights = Self.observationWeights(count) + [priorWeight]
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        logWeights = weights.map { Foundation.log($0) }
        kernels = dimensions.enumerated().map { dimension, kind in
            let column = observations.map { $0[dimension] }
            switch kind {
            case .fixed:
                return .fixed
            case .choice(let values):
                // Each observed choice gets 1 plus a share of the prior weight spread over all choices.
                let share = priorWeight / Double(count + 1)
                var rows = column.map { observed in
                    (0..<values.count).map { $0 == Int(observed) ? 1 + share : share }
                }
                rows.append(Array(repeating: 1, count: values.count))
                return .choice(probabilities: rows.map { row in row.map { $0 / row.reduce(0, +) } })
            case .integer(let low, let high):
                return Self.discrete(column, low: low, high: high)
            case .ordinal(let values):
                return Self.discrete(column, low: 0, high: values.count - 1)
            case .continuous(let low, let high, _, _):
                let (mus, sigmas) = Self.bandwidths(column, low: low, high: high)
                return .numeric(mus: mus, sigmas: sigmas, low: low, high: high, discrete: false)
            }
        }
    }

    /// Kernels over the integers low...high, each owning the unit interval around it.
    private static func discrete(_ column: [Double], low: Int, high: Int) -> Kernels {
        let (mus, sigmas) = bandwidths(column, low: Double(low) - 0.5, high: Double(high) + 0.5)
        return .numeric(mus: mus, sigmas: sigmas, low: Double(low) - 0.5, high: Double(high) + 0.5, discrete: true)
    }

    /// Optuna's default weights: flat for the last 25 trials, a ramp from 1/n up for older ones.
    private static func observationWeights(_ count: Int) -> [Double] {
        guard count >= 25 else { return Array(repeating: 1, count: count) }
        let ramp = count - 25
        let rising = (0..<ramp).map { ramp == 1 ? 1.0 / Double(count) : 1.0 / Double(count) + (1 - 1.0 / Double(count)) * Double($0) / Double(ramp - 1) }
        return rising + Array(repeating: 1, count: 25)
    }

    /// Kernel centres (the observations, then the prior at the middle) and widths: the larger gap to a
    /// neighbour, clipped to [range / min(100, n + 1), range]; the prior spans the whole range.
    private static func bandwidths(_ mus: [Double], low: Double, high: Double) -> ([Double], [Double]) {
        let range = high - low
        let all = mus + [(low + high) / 2]
        let order = all.indices.sorted { all[$0] < all[$1] }
        let sorted = [low] + order.map { all[$0] } + [high]
        var sigmas = Array(repeating: 0.0, count: all.count)
        for (rank, index) in order.enumerated() {
            var sigma = max(sorted[rank + 1] - sorted[rank], sorted[rank + 2] - sorted[rank + 1])
            // The end kernels take the gap to their inner neighbour, not to the bound.
            if order.count >= 2 && rank == 0 { sigma = sorted[2] - sorted[1] }
            if order.count >= 2 && rank == order.count - 1 { sigma = sorted[rank + 1] - sorted[rank] }
            sigmas[index] = sigma
        }
        let smallest = range / min(100, Double(all.count))
        sigmas = sigmas.map { min(max($0, smallest), range) }
        sigmas[all.count - 1] = range
        return (all, sigmas)
    }

    /// A point drawn from the mixture: a kernel by weight, then each coordinate from that kernel.
    func sample(_ generator: inout SplitMix64) -> [Double] {
        var pick = generator.unit(), component = logWeights.count - 1
        for (index, logWeight) in logWeights.enumerated() {
            pick -= exp(logWeight)
            if pick < 0 { component = index; break }
        }
        return kernels.map { kernel in
            switch kernel {
            case .fixed:
                return 0
            case .choice(let probabilities):
                var u = generator.unit()
                for (index, probability) in probabilities[component].enumerated() {
                    u -= probability
                    if u < 0 { return Double(index) }
                }
                return Double(probabilities[component].count - 1)
            case let .numeric(mus, sigmas, low, high, discrete):
                let x = Self.truncatedNormal(mu: mus[component], sigma: sigmas[component], low: low, high: high, &generator)
                return discrete ? min(max(x.rounded(), low + 0.5), high - 0.5) : x
            }
        }
    }

    /// The mixture's log density at `point` (for integers, the log probability of the point's unit interval).
    func logDensity(_ point: [Double]) -> Double {
        var terms = logWeights
        for (dimension, kernel) in kernels.enumerated() {
            let x = point[dimension]
            for component in terms.indices {
                switch kernel {
                case .fixed:
                    break
                case .choice(let probabilities):
                    terms[component] += Foundation.log(probabilities[component][Int(x)])
                case let .numeric(mus, sigmas, low, high, discrete):
                    let mu = mus[component], sigma = sigmas[component]
                    let normaliser = Self.mass(from: (low - mu) / sigma, to: (high - mu) / sigma)
                    if discrete {
                        terms[component] += Foundation.log(max(Self.mass(from: (x - 0.5 - mu) / sigma, to: (x + 0.5 - mu) / sigma), 1e-300) / normaliser)
                    } else {
                        let z = (x - mu) / sigma
                        terms[component] += -0.5 * z * z - Foundation.log(sigma * (2 * Double.pi).squareRoot() * normaliser)
                    }
                }
            }
        }
        let top = terms.max() ?? 0
        return top + Foundation.log(terms.reduce(0) { $0 + exp($1 - top) })
    }

    /// The standard normal's probability between `a` and `b` (a ≤ b), accurate in either tail.
    private static func mass(from a: Double, to b: Double) -> Double {
        let value = a > 0 ? 0.5 * (erfc(a / 2.squareRoot()) - erfc(b / 2.squareRoot())) : 0.5 * (erfc(-b / 2.squareRoot()) - erfc(-a / 2.squareRoot()))
        return max(value, 1e-300)
    }

    private static func truncatedNormal(mu: Double, sigma: Double, low: Double, high: Double, _ generator: inout SplitMix64) -> Double {
        for _ in 0..<100 {
            // Box–Muller; 1 - unit() is in (0, 1], so the logarithm is finite.
            let radius = (-2 * Foundation.log(1 - generator.unit())).squareRoot()
            let x = mu + sigma * radius * cos(2 * Double.pi * generator.unit())
            if x >= low && x <= high { return x }
        }
        return min(max(mu, low), high)
    }
}
