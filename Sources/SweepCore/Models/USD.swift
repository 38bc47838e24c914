/// An amount of US dollars, held exactly as an integer count of nano-dollars (money is never a `Double`).
public struct USD: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Billionths of a dollar.
    public var nanos: Int64

    public init(nanos: Int64) { self.nanos = nanos }

    /// Parses a price written in dollars with at most nine decimals, such as `"25.00"` or `"1.5"`.
    public init?(dollars text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // Below Int64's whole dollars: a larger amount trapped, here or when `formatted` rounds it.
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < Int64.max / 1_000_000_000 else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 9, let value = Int64(digits) else { return nil }
            fraction = value * Self.powerOfTen(9 - digits.count)
        }
        nanos = whole * 1_000_000_000 + fraction
    }

    public static let zero = USD(nanos: 0)

    public static func + (lhs: USD, rhs: USD) -> USD { USD(nanos: lhs.nanos + rhs.nanos) }
    public static func < (lhs: USD, rhs: USD) -> Bool { lhs.nanos < rhs.nanos }

    /// The amount rounded to the nearest cent (half away from zero), e.g. `$2.40`.
    public var description: String { formatted(decimals: 2) }

    /// The amount with `decimals` digits after the point, rounded half away from zero.
    public func formatted(decimals: Int) -> String {
        let unit = Self.powerOfTen(9 - decimals)
        let rounded = (nanos + unit / 2) / unit
        let scale = Self.powerOfTen(decimals)
        let whole = rounded / scale
        guard decimals > 0 else { return "$\(whole)" }
        let fraction = String(rounded % scale)
        return "$\(whole).\(String(repeating: "0", count: decimals - fraction.count))\(fraction)"
    }

    /// The amount in dollars for machine-readable output (JSON), where a float is expected.
    public var dollars: Double { Double(nanos) / 1e9 }

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}

/// In JSON an amount is a plain number of dollars (nano-dollar precision kept for amounts below $9M).
extension USD: Codable {
    public init(from decoder: any Decoder) throws {
        let dollars = try decoder.singleValueContainer().decode(Double.self)
        guard dollars.isFinite, abs(dollars) < 9e9 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an amount of dollars: \(dollars)"))
        }
        self.init(nanos: Int64((dollars * 1e9).rounded()))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dollars)
    }
}
