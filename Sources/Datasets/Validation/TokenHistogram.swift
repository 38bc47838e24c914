/// Exact distribution statistics from a histogram of per-example counts: flat memory for any file size.
public struct TokenHistogram: Sendable, Equatable {
    private var counts: [Int: Int] = [:]
    public private(set) var examples = 0
    public private(set) var total = 0

    public init() {}

    public mutating func add(_ value: Int) {
        counts[value, default: 0] += 1
        examples += 1
        total += value
    }

    public var summary: TokenSummary? {
        guard examples > 0 else { return nil }
        let sorted = counts.sorted { $0.key < $1.key }
        // numpy's default quantile: linear interpolation between the two nearest ranks.
        func quantile(_ q: Double) -> Double {
            let position = q * Double(examples - 1)
            let lower = Int(position.rounded(.down))
            let fraction = position - Double(lower)
            let a = value(atRank: lower, sorted), b = value(atRank: min(lower + 1, examples - 1), sorted)
            return Double(a) + (Double(b) - Double(a)) * fraction
        }
        return TokenSummary(
            examples: examples, total: total, min: sorted.first!.key, max: sorted.last!.key,
            mean: Double(total) / Double(examples), median: quantile(0.5), p10: quantile(0.1), p90: quantile(0.9))
    }

    private func value(atRank rank: Int, _ sorted: [(key: Int, value: Int)]) -> Int {
        var seen = 0
        for (value, count) in sorted {
            seen += count
            if rank < seen { return value }
        }
        return sorted.last!.key
    }

    /// The sum of `min(limit, value)` over all examples: what training bills.
    public func totalCapped(at limit: Int) -> Int {
        counts.reduce(0) { $0 + min($1.key, limit) * $1.value }
    }

    /// The number of examples above `limit`.
    public func count(above limit: Int) -> Int {
        counts.reduce(0) { $0 + ($1.key > limit ? $1.value : 0) }
    }
}

/// The distribution of tokens per example, as the cookbook prints it.
public struct TokenSummary: Sendable, Equatable, Codable {
    public var examples: Int
    public var total: Int
    public var min: Int
    public var max: Int
    public var mean: Double
    public var median: Double
    public var p10: Double
    public var p90: Double
}
