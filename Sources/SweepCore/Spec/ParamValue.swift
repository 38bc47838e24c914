/// A hyperparameter value as a spec or the API writes it: a number, a string, or `"auto"`.
public enum ParamValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case number(Double)
    case string(String)
    case auto

    /// The value as a Double when it is numeric.
    public var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The value as an Int when it is a whole number (`3.0` counts).
    public var int: Int? {
        switch self {
        case .int(let value): value
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        default: nil
        }
    }

    /// Numbers normalised: `3.0` becomes `3`, so equal numbers compare and hash equal.
    public var normalized: ParamValue {
        if case .number = self, let whole = int { return .int(whole) }
        return self
    }

    /// Equal when equal after normalising: `3` == `3.0`, but `"3"` != `3`.
    public static func == (lhs: ParamValue, rhs: ParamValue) -> Bool {
        switch (lhs.normalized, rhs.normalized) {
        case let (.int(a), .int(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case (.auto, .auto): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
        if case .string = self { hasher.combine(0) }
    }

    /// Canonical text: integers without a point, other numbers in shortest round-trip form.
    public var description: String {
        switch normalized {
        case .int(let value): String(value)
        case .number(let value): Self.shortest(value)
        case .string(let value): value
        case .auto: "auto"
        }
    }

    static func shortest(_ value: Double) -> String {
        // Swift prints the shortest text that reads back as the same Double, e.g. 0.0001 and 1e-05.
        "\(value)"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .number(double)
        } else {
            let text = try container.decode(String.self)
            self = text == "auto" ? .auto : .string(text)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch normalized {
        case .int(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .auto: try container.encode("auto")
        }
    }
}
