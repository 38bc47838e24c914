import Foundation

/// Number formats for people: thousands separators, fixed decimals, sizes.
public enum Formatting {
    /// `1234567` → `1,234,567`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A number with `places` decimals, e.g. `61.3`.
    public static func fixed(_ value: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", value)
    }

    /// A number in a short form for tables: `2`, `0.5`, `1.944` (four significant digits).
    public static func compact(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4g", value)
    }

    /// Bytes as B, KB, MB or GB (powers of 1,000, as `ls -h --si`).
    public static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\(fixed(value, 1)) \(units[unit])"
    }
}

extension String {
    /// The text followed by spaces up to `width` columns, with at least `minimumGap` spaces.
    func padded(to width: Int, minimumGap: Int = 1) -> String {
        self + String(repeating: " ", count: Swift.max(minimumGap, width - count))
    }
}
