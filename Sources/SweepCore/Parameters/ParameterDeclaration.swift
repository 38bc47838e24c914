/// One parameter a provider declares: its name, the values it takes, and whether `auto` (the
/// provider chooses) is allowed.
public struct ParameterDeclaration: Sendable, Equatable {
    public var name: ParameterName
    public var kind: Kind
    public var allowsAuto: Bool
    /// What the parameter does, in a few words, for help texts and documentation.
    public var summary: String

    /// The values a parameter takes.
    public enum Kind: Sendable, Equatable {
        /// A base model's name.
        case model
        /// A whole number in the range.
        case wholeNumber(ClosedRange<Int>)
        /// A number above `lowerBound` (or at it, when included), and at most `upperBound` when there is one.
        case number(lowerBound: Double, includesLowerBound: Bool, upperBound: Double?)
        /// Any value, passed on as its text.
        case any
    }

    public init(_ name: ParameterName, _ kind: Kind, allowsAuto: Bool = false, summary: String) {
        self.name = name
        self.kind = kind
        self.allowsAuto = allowsAuto
        self.summary = summary
    }

    /// True when only whole numbers are allowed, so a distribution must not draw fractions.
    public var takesWholeNumbers: Bool {
        if case .wholeNumber = kind { true } else { false }
    }

    /// What is wrong with `value`, or nil when it is allowed.
    public func problem(with value: ParamValue) -> String? {
        let orAuto = allowsAuto ? ", or auto" : ""
        if value == .auto { return allowsAuto || kind == .any ? nil : "must be \(expected)" }
        switch (kind, value.normalized) {
        case (.any, _), (.model, .string): return nil
        case (.model, _): return "must be a model name"
        case (.wholeNumber(let range), .int(let number)):
            return range.contains(number) ? nil : "\(number) is out of range: \(name) is \(range.lowerBound) to \(range.upperBound)\(allowsAuto ? " or auto" : "")"
        case (.wholeNumber, _): return "must be \(expected)\(orAuto)"
        case (.number, let number) where number.double != nil:
            return contains(number.double!) ? nil : "\(number) is out of range: \(name) must be \(rangeText)"
        case (.number, _): return "must be a number \(rangeText)\(orAuto)"
        }
    }

    /// What is wrong with drawing from `distribution`: every value it can give must be allowed,
    /// so whole-number parameters take only whole-number draws, and both bounds are checked.
    public func problem(with distribution: Distribution) -> String? {
        switch distribution {
        case .categorical(let values, _):
            return values.lazy.compactMap(problem(with:)).first
        case .intUniform(let low, let high):
            return problem(with: .int(low)) ?? problem(with: .int(high))
        case .uniform(let low, let high), .logUniformValues(let low, let high):
            if kind == .model || takesWholeNumbers {
                return "\(distribution.name) draws fractions; \(name) takes \(kind == .model ? "listed names (values or categorical)" : "whole numbers (int_uniform, range(a,b) or values)")"
            }
            return problem(with: .number(low)) ?? problem(with: .number(high))
        case .qUniform(let low, let high, let q):
            if kind == .model || (takesWholeNumbers && (q.rounded() != q || low.rounded() != low)) {
                return "q_uniform here draws fractions; \(name) takes whole numbers (a whole q and min)"
            }
            let value = { (x: Double) -> ParamValue in takesWholeNumbers ? .int(Int(x)) : .number(x) }
            return problem(with: value(low)) ?? problem(with: value(high))
        }
    }

    /// The allowed values in words, as help texts and messages give them.
    public var expected: String {
        switch kind {
        case .model: "a model name"
        case .wholeNumber(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number: "a number \(rangeText)"
        case .any: "any value"
        }
    }

    private func contains(_ number: Double) -> Bool {
        guard case let .number(lower, includesLower, upper) = kind else { return true }
        return (includesLower ? number >= lower : number > lower) && upper.map { number <= $0 } ?? true
    }

    private var rangeText: String {
        guard case let .number(lower, includesLower, upper) = kind else { return "" }
        let low = ParamValue.number(lower).description
        if let upper { return "from \(low)\(includesLower ? "" : " (excluded)") to \(ParamValue.number(upper).description)" }
        return includesLower ? "of at least \(low)" : "above \(low)"
    }
}
