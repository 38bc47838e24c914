import Foundation

/// A prompt's hashed feature rows (ascending) and the weight of each.
struct PromptFeatures: Sendable, Equatable {
    var ids: [Int32]
    var weights: [Float]

    /// The sum of the squared weights: the feature count when every weight is 1.
    var squaredNorm: Double { weights.reduce(0) { $0 + Double($1) * Double($1) } }
}

/// Hashed features: words and word pairs of the prompt, and the last bytes written so far.
enum Features {
    /// Words and (unless `wordPairs` is false) adjacent word pairs of the conversation, per role,
    /// hashed into `bits` bits; with `wordCounts` a feature seen k times weighs 1 + ln k, else 1.
    static func prompt(_ messages: [(role: String, text: String)], bits: Int, wordPairs: Bool = true, wordCounts: Bool = false) -> PromptFeatures {
        var counts: [Int32: Int] = [hash("bias", bits: bits): 1]
        for message in messages {
            var previous = "^"
            for word in words(message.text) {
                counts[hash("w:\(word)", bits: bits), default: 0] += 1
                if wordPairs { counts[hash("p:\(previous) \(word)", bits: bits), default: 0] += 1 }
                previous = word
            }
            counts[hash("r:\(message.role)", bits: bits), default: 0] += 1
        }
        let ids = counts.keys.sorted()
        return PromptFeatures(ids: ids, weights: ids.map { wordCounts ? 1 + logf(Float(counts[$0] ?? 1)) : 1 })
    }

    /// Features of the output so far: its position and the last one, two and three bytes.
    static func context(_ output: ArraySlice<Int16>, bits: Int, into buffer: inout [Int32]) {
        buffer.removeAll(keepingCapacity: true)
        let count = output.count
        let last = output.suffix(3).map { Int($0) }
        buffer.append(hash(seed: 1, min(count, 31), bits: bits))
        buffer.append(hash(seed: 2, last.last ?? 300, bits: bits))
        if count >= 2 { buffer.append(hash(seed: 3, last[last.count - 2] * 512 + last[last.count - 1], bits: bits)) }
        if count >= 3 { buffer.append(hash(seed: 4, (last[0] * 512 + last[1]) * 512 + last[2], bits: bits)) }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// FNV-1a over the text's bytes, folded into `bits` bits.
    static func hash(_ text: String, bits: Int) -> Int32 {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int32(truncatingIfNeeded: (state ^ (state >> 29)) & ((1 << UInt64(bits)) - 1))
    }

    static func hash(seed: UInt64, _ value: Int, bits: Int) -> Int32 {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(value))
        state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int32(truncatingIfNeeded: (state ^ (state >> 31)) & ((1 << UInt64(bits)) - 1))
    }
}
