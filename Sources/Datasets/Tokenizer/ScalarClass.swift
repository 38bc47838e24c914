/// The Unicode classes the pre-tokenisation patterns test, as bits, so a pattern step is one AND.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8

    static let upper = ScalarClass(rawValue: 1)  // Lu, Lt
    static let lower = ScalarClass(rawValue: 2)  // Ll
    static let otherLetter = ScalarClass(rawValue: 4)  // Lm, Lo
    static let mark = ScalarClass(rawValue: 8)  // Mn, Mc, Me
    static let number = ScalarClass(rawValue: 16)  // Nd, Nl, No
    static let whitespace = ScalarClass(rawValue: 32)  // White_Space, as the regex `\s`
    static let newline = ScalarClass(rawValue: 64)  // \r and \n only

    static let letter: ScalarClass = [.upper, .lower, .otherLetter]
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperish: ScalarClass = [.upper, .otherLetter, .mark]
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerish: ScalarClass = [.lower, .otherLetter, .mark]

    /// `[^\r\n\p{L}\p{N}]`: the one optional character before a word.
    var isWordPrefix: Bool { isDisjoint(with: [.letter, .number, .newline]) }
    /// `[^\s\p{L}\p{N}]`: punctuation, symbols and marks.
    var isPunctuation: Bool { isDisjoint(with: [.letter, .number, .whitespace]) }

    /// The classes of every scalar in the Basic Multilingual Plane, by scalar value; built once, on
    /// first use, and held by each encoding so the hot loop never goes through a lazy global.
    static let basicPlane: [UInt8] = (0..<0x10000).map { classify(UInt32($0)).rawValue }

    static func classify(_ value: UInt32) -> ScalarClass {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        var result: ScalarClass = []
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: result.insert(.upper)
        case .lowercaseLetter: result.insert(.lower)
        case .modifierLetter, .otherLetter: result.insert(.otherLetter)
        case .nonspacingMark, .spacingMark, .enclosingMark: result.insert(.mark)
        case .decimalNumber, .letterNumber, .otherNumber: result.insert(.number)
        default: break
        }
        if scalar.properties.isWhitespace { result.insert(.whitespace) }
        if value == 0x0A || value == 0x0D { result.insert(.newline) }
        return result
    }
}

/// Reads one scalar from valid UTF-8 and gives its class and byte length.
@inline(__always)
func scalarClass(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, table: UnsafePointer<UInt8>) -> (ScalarClass, Int) {
    let lead = UInt32(bytes[index])
    if lead < 0x80 { return (ScalarClass(rawValue: table[Int(lead)]), 1) }
    if lead < 0xE0 {
        return (ScalarClass(rawValue: table[Int((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F))]), 2)
    }
    if lead < 0xF0 {
        let value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        return (ScalarClass(rawValue: table[Int(value)]), 3)
    }
    let value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
    return (ScalarClass.classify(value), 4)
}
