extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits a byte, as digests are printed.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return String(flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
