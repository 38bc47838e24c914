/// A series as a one-line chart of block characters, averaged down to `width` buckets.
public enum Sparkline {
    static let blocks = Array("▁▂▃▄▅▆▇█")

    public static func render(_ values: [Double], width: Int = 48) -> String {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), !finite.isEmpty else { return "" }
        let buckets = min(width, finite.count)
        let averaged = (0..<buckets).map { bucket -> Double in
            let start = bucket * finite.count / buckets, end = max(start + 1, (bucket + 1) * finite.count / buckets)
            return finite[start..<end].reduce(0, +) / Double(end - start)
        }
        let span = high - low
        return String(averaged.map { value in
            span == 0 ? blocks[0] : blocks[min(blocks.count - 1, Int((value - low) / span * Double(blocks.count - 1) + 0.5))]
        })
    }
}
