/// Parses tiktoken's `.tiktoken` format: one `<base64 token bytes> <rank>` per line.
enum RankFile {
    static func parse(_ contents: [UInt8], path: String) throws(DatasetError) -> RankTable {
        var entries: [(range: Range<Int>, rank: Int)] = []
        entries.reserveCapacity(contents.count / 17)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(contents.count)
        var line = 1
        var index = 0
        let count = contents.count
        while index < count {
            let lineStart = index
            while index < count, contents[index] != 0x20, contents[index] != 0x0A { index += 1 }
            guard index < count, contents[index] == 0x20 else {
                throw .rankFileCorrupt(path: path, line: line, detail: "expected '<base64> <rank>'")
            }
            let tokenStart = decoded.count
            guard Base64.decode(contents[lineStart..<index], into: &decoded) else {
                throw .rankFileCorrupt(path: path, line: line, detail: "invalid base64")
            }
            index += 1
            var rank = 0
            var digits = 0
            while index < count, contents[index] >= 0x30, contents[index] <= 0x39 {
                rank = rank * 10 + Int(contents[index] - 0x30)
                digits += 1
                index += 1
            }
            guard digits > 0, index == count || contents[index] == 0x0A else {
                throw .rankFileCorrupt(path: path, line: line, detail: "expected a decimal rank")
            }
            index += 1
            entries.append((tokenStart..<decoded.count, rank))
            line += 1
        }
        return RankTable(store: decoded, entries: entries)
    }
}

/// Standard base64 (RFC 4648 §4) decoding with padding.
enum Base64 {
    private static let table: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = Int8(value)
        }
        return table
    }()

    /// Appends the decoded bytes; false when the text is not base64.
    static func decode(_ text: ArraySlice<UInt8>, into output: inout [UInt8]) -> Bool {
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            let value = table[Int(byte)]
            guard value >= 0, padding == 0 else { return false }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return (text.count % 4 == 0) && padding <= 2
    }
}
