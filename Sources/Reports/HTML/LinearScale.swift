import Foundation

/// A linear map from data values to canvas coordinates, widened to round tick values.
struct LinearScale: Sendable, Equatable {
    /// The data interval, from the first tick to the last.
    private(set) var low: Double
    private(set) var high: Double
    /// Distance between ticks.
    private(set) var step: Double
    /// The canvas coordinates `low` and `high` map to (`from > to` for a y axis).
    var from: Double
    var to: Double

    /// A scale over `values` (non-finite ones ignored) with about `ticks` round ticks.
    init(values: [Double], from: Double, to: Double, ticks: Int = 5) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if low == high {
            // One distinct value: give it room rather than divide by zero; a zero (no cost yet) starts the axis.
            let pad = abs(low) * 0.1
            (low, high) = low == 0 ? (0, 1) : (low - pad, high + pad)
        }
        step = Self.roundStep((high - low) / Double(max(1, ticks)))
        self.low = (low / step).rounded(.down) * step
        self.high = (high / step).rounded(.up) * step
        self.from = from
        self.to = to
    }

    func callAsFunction(_ value: Double) -> Double {
        from + (value - low) / (high - low) * (to - from)
    }

    /// The tick values, computed from their index so no rounding error accumulates.
    var ticks: [Double] {
        let count = Int(((high - low) / step).rounded())
        return (0...count).map { low + Double($0) * step }
    }

    /// 1, 2 or 5 times a power of ten, the nearest at or above `raw` (Heckbert's nice numbers).
    static func roundStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = pow(10, floor(log10(raw)))
        let fraction = raw / power
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power
    }
}
