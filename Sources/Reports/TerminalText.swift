/// Text from the ledger or the user (sweep names, suffixes, model ids, error details) made safe for a
/// terminal: control characters become visible `\u{…}` escapes, so no name can move the cursor, set a
/// title or clear the screen. Newlines and tabs stay only where `keepingLines`.
public enum TerminalText {
    public static func escape(_ text: String, keepingLines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0, keepingLines) }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar, keepingLines) {
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// C0 and C1 controls and DEL, and the bidirectional overrides that reorder what a line shows.
    private static func isControl(_ scalar: Unicode.Scalar, _ keepingLines: Bool) -> Bool {
        if keepingLines && (scalar == "\n" || scalar == "\t") { return false }
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
