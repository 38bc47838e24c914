import SweepCore

extension SQLValue {
    /// A hyperparameter as the ledger stores it: numbers as numbers, names and `auto` as text.
    init(_ value: ParamValue) {
        switch value.normalized {
        case .int(let number): self = .integer(Int64(number))
        case .number(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .auto: self = .text("auto")
        }
    }
}
