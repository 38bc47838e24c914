/// A point of a chart in data units.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// At most `limit` points of a curve: the first and the last, and from each of `(limit - 2) / 2`
    /// equal slices of the rest its lowest and highest point in order, so spikes and the minimum survive.
    public static func downsample(_ points: [ChartPoint], limit: Int) -> [ChartPoint] {
        guard points.count > limit, limit >= 4 else { return points }
        let inner = points[1..<(points.count - 1)], buckets = (limit - 2) / 2
        var kept = [points[0]]
        kept.reserveCapacity(limit)
        for bucket in 0..<buckets {
            let start = inner.startIndex + bucket * inner.count / buckets
            let end = inner.startIndex + (bucket + 1) * inner.count / buckets
            guard start < end else { continue }
            // Strict comparisons: ties keep the earliest point, so the same input gives the same curve.
            var low = start, high = start
            for index in start..<end {
                if inner[index].y < inner[low].y { low = index }
                if inner[index].y > inner[high].y { high = index }
            }
            kept += low == high ? [inner[low]] : [inner[min(low, high)], inner[max(low, high)]]
        }
        kept.append(points[points.count - 1])
        return kept
    }
}
