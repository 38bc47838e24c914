import SweepCore

/// Splits text into the pieces BPE encodes, exactly as tiktoken's regular expressions do, by a
/// hand-written scan of each pattern's alternatives in order (a general regex engine is far slower).
enum PreTokenizer: Sendable {
    case o200k
    case cl100k

    init(_ encoding: TokenEncodingName) {
        self = encoding == .o200kBase ? .o200k : .cl100k
    }

    /// Calls `body` with the byte range of each piece, in order. The bytes must be valid UTF-8.
    @inline(__always)
    func forEachPiece(in bytes: UnsafeBufferPointer<UInt8>, classes: UnsafePointer<UInt8>, _ body: (Range<Int>) -> Void) {
        let scanner = PieceScanner(bytes: bytes, classes: classes)
        var index = 0
        while index < bytes.count {
            let end: Int
            switch self {
            case .o200k: end = scanner.o200kPieceEnd(from: index)
            case .cl100k: end = scanner.cl100kPieceEnd(from: index)
            }
            body(index..<end)
            index = end
        }
    }
}

/// The pattern alternatives, each returning where its match ends (or nil when it does not match).
private struct PieceScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let classes: UnsafePointer<UInt8>
    var count: Int { bytes.count }

    @inline(__always) func scan(_ index: Int) -> (ScalarClass, Int) { scalarClass(bytes, at: index, table: classes) }

    /// o200k_base:
    /// `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
    /// `|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
    /// `|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    func o200kPieceEnd(from start: Int) -> Int {
        let (first, firstLength) = scan(start)
        let hasPrefix = first.isWordPrefix
        if hasPrefix, let end = lowerWord(from: start + firstLength) { return end }
        if let end = lowerWord(from: start) { return end }
        if hasPrefix, let end = upperWord(from: start + firstLength) { return end }
        if let end = upperWord(from: start) { return end }
        if first.contains(.number) { return numberRun(from: start) }
        if let end = punctuation(from: start, slashTrails: true) { return end }
        return o200kWhitespace(from: start, firstLength: firstLength)
    }

    /// cl100k_base:
    /// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+`
    /// `|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
    func cl100kPieceEnd(from start: Int) -> Int {
        if let end = contraction(at: start), end > start { return end }
        let (first, firstLength) = scan(start)
        if first.isWordPrefix {
            let next = start + firstLength
            if next < count, scan(next).0.containsAny(.letter) { return letterRun(from: next) }
        } else if first.containsAny(.letter) {
            return letterRun(from: start)
        }
        if first.contains(.number) { return numberRun(from: start) }
        if let end = punctuation(from: start, slashTrails: false) { return end }
        return cl100kWhitespace(from: start, firstLength: firstLength)
    }

    /// `[Lu Lt Lm Lo M]*[Ll Lm Lo M]+` then an optional contraction.
    private func lowerWord(from start: Int) -> Int? {
        var index = start
        var lastLowerishEnd: Int?
        while index < count {
            let (kind, length) = scan(index)
            guard kind.containsAny(.upperish) else { break }
            index += length
            if kind.containsAny(.lowerish) { lastLowerishEnd = index }
        }
        if index < count, scan(index).0.containsAny(.lowerish) {
            while index < count {
                let (kind, length) = scan(index)
                guard kind.containsAny(.lowerish) else { break }
                index += length
            }
            return withContraction(index)
        }
        // Backtrack: the upper run gives back characters until one it took can start the lower run.
        return lastLowerishEnd.map(withContraction)
    }

    /// `[Lu Lt Lm Lo M]+[Ll Lm Lo M]*` then an optional contraction.
    private func upperWord(from start: Int) -> Int? {
        var index = start
        while index < count {
            let (kind, length) = scan(index)
            guard kind.containsAny(.upperish) else { break }
            index += length
        }
        guard index > start else { return nil }
        while index < count {
            let (kind, length) = scan(index)
            guard kind.containsAny(.lowerish) else { break }
            index += length
        }
        return withContraction(index)
    }

    private func withContraction(_ end: Int) -> Int { contraction(at: end) ?? end }

    /// `'s|'t|'re|'ve|'m|'ll|'d`, case-insensitive (Unicode folding: `ſ` matches `s`).
    private func contraction(at index: Int) -> Int? {
        guard index + 1 < count, bytes[index] == UInt8(ascii: "'") else { return nil }
        let next = bytes[index + 1] | 0x20
        switch next {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"): return index + 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"):
            if index + 2 < count, bytes[index + 2] | 0x20 == UInt8(ascii: "e") { return index + 3 }
        case UInt8(ascii: "l"):
            if index + 2 < count, bytes[index + 2] | 0x20 == UInt8(ascii: "l") { return index + 3 }
        default:
            if bytes[index + 1] == 0xC5, index + 2 < count, bytes[index + 2] == 0xBF { return index + 3 }  // ſ
        }
        return nil
    }

    private func letterRun(from start: Int) -> Int {
        var index = start
        while index < count {
            let (kind, length) = scan(index)
            guard kind.containsAny(.letter) else { break }
            index += length
        }
        return index
    }

    /// `\p{N}{1,3}`
    private func numberRun(from start: Int) -> Int {
        var index = start
        for _ in 0..<3 where index < count {
            let (kind, length) = scan(index)
            guard kind.contains(.number) else { break }
            index += length
        }
        return index
    }

    /// ` ?[^\s\p{L}\p{N}]+` then a run of `\r`, `\n` (and `/` for o200k).
    private func punctuation(from start: Int, slashTrails: Bool) -> Int? {
        var index = start
        if bytes[index] == 0x20, index + 1 < count, scan(index + 1).0.isPunctuation {
            index += 1
        } else if !scan(index).0.isPunctuation {
            return nil
        }
        while index < count {
            let (kind, length) = scan(index)
            guard kind.isPunctuation else { break }
            index += length
        }
        while index < count, bytes[index] == 0x0D || bytes[index] == 0x0A || (slashTrails && bytes[index] == UInt8(ascii: "/")) {
            index += 1
        }
        return index
    }

    /// The whitespace run from `start`: its end, the end of its last \r or \n, and where its last
    /// character begins.
    private func whitespaceRun(from start: Int) -> (end: Int, lastNewlineEnd: Int?, lastStart: Int) {
        var index = start
        var lastNewlineEnd: Int?
        var lastStart = start
        while index < count {
            let (kind, length) = scan(index)
            guard kind.contains(.whitespace) else { break }
            lastStart = index
            index += length
            if kind.contains(.newline) { lastNewlineEnd = index }
        }
        return (index, lastNewlineEnd, lastStart)
    }

    /// `\s*[\r\n]+|\s+(?!\S)|\s+`, or one character when nothing matches.
    private func o200kWhitespace(from start: Int, firstLength: Int) -> Int {
        let run = whitespaceRun(from: start)
        guard run.end > start else { return start + firstLength }
        if let newlineEnd = run.lastNewlineEnd { return newlineEnd }
        if run.end == count { return run.end }
        return run.lastStart > start ? run.lastStart : run.end
    }

    /// `\s++$|\s*[\r\n]|\s+(?!\S)|\s`, or one character when nothing matches.
    private func cl100kWhitespace(from start: Int, firstLength: Int) -> Int {
        let run = whitespaceRun(from: start)
        guard run.end > start else { return start + firstLength }
        if run.end == count { return run.end }
        if let newlineEnd = run.lastNewlineEnd { return newlineEnd }
        return run.lastStart > start ? run.lastStart : start + firstLength
    }
}

extension ScalarClass {
    @inline(__always) func containsAny(_ other: ScalarClass) -> Bool { !isDisjoint(with: other) }
}
