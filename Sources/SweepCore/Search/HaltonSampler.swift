/// Quasi-random search: trial i is point i + 1 of the Halton sequence (one prime base per
/// parameter), shifted by a seeded random offset per dimension (Cranley–Patterson rotation), so the
/// points cover the space more evenly than independent draws while seeds still differ.
public struct HaltonSampler: Sampler {
    public init() {}

    public func suggest(space: SearchSpace, history: [TrialRecord], goal: Goal, seed: UInt64) -> Assignment? {
        let proposed = history.proposed
        if let size = space.finiteSize, proposed.count >= size { return nil }
        var shifts = SplitMix64(seed: seed, stream: .max)
        let offsets = space.parameters.map { _ in shifts.unit() }
        let primes = Self.primes(space.parameters.count)
        let first = history.count
        for index in first..<(first + 50) {
            var point: Assignment = [:]
            for (dimension, parameter) in space.parameters.enumerated() {
                let u = (Self.radicalInverse(index + 1, base: primes[dimension]) + offsets[dimension]).truncatingRemainder(dividingBy: 1)
                point[parameter.name] = parameter.spec.draw(u)
            }
            if !proposed.contains(point) { return point }
        }
        return space.untried(proposed, seed: seed, stream: UInt64(first))
    }

    /// The base-`base` digits of `index` mirrored about the point: 0.d₁d₂d₃… for index …d₃d₂d₁.
    static func radicalInverse(_ index: Int, base: Int) -> Double {
        var result = 0.0, scale = 1.0 / Double(base), rest = index
        while rest > 0 {
            result += Double(rest % base) * scale
            rest /= base
            scale /= Double(base)
        }
        return result
    }

    static func primes(_ count: Int) -> [Int] {
        var primes: [Int] = []
        var candidate = 2
        while primes.count < count {
            if primes.allSatisfy({ candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 1
        }
        return primes
    }
}
