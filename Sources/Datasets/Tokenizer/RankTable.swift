/// The mergeable ranks of a BPE vocabulary: token bytes to rank, in one open-addressing table over
/// one contiguous byte store (a `[[UInt8]: Int]` dictionary is several times slower to probe).
final class RankTable: @unchecked Sendable {
    // @unchecked Sendable: every stored property is written once in `init` and only read after.
    private let store: [UInt8]
    private let starts: [UInt32]
    private let lengths: [UInt16]
    private let ranks: [UInt32]
    private let slots: [Int32]
    private let mask: Int
    /// Token bytes by rank, for decoding.
    private let entryByRank: [Int32]

    /// The number of ranks.
    var count: Int { ranks.count }

    /// Builds the table over `store`, where each entry names its bytes' range; ranks must be unique.
    init(store: [UInt8], entries: [(range: Range<Int>, rank: Int)]) {
        let starts = entries.map { UInt32($0.range.lowerBound) }
        let lengths = entries.map { UInt16($0.range.count) }
        let ranks = entries.map { UInt32($0.rank) }
        let maxRank = entries.map(\.rank).max() ?? 0
        var capacity = 1
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        var byRank = [Int32](repeating: -1, count: maxRank + 1)
        store.withUnsafeBufferPointer { bytes in
            for index in entries.indices {
                let hash = Self.hash(bytes.baseAddress! + Int(starts[index]), Int(lengths[index]))
                var slot = hash & (capacity - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = Int32(index)
                byRank[Int(ranks[index])] = Int32(index)
            }
        }
        self.store = store
        self.starts = starts
        self.lengths = lengths
        self.ranks = ranks
        self.slots = slots
        self.mask = capacity - 1
        self.entryByRank = byRank
    }

    /// The rank of exactly these bytes, or nil when they are not a token.
    @inline(__always)
    func rank(of bytes: UnsafePointer<UInt8>, count: Int) -> Int? {
        var slot = Self.hash(bytes, count) & mask
        return store.withUnsafeBufferPointer { storeBytes in
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { return nil }
                if Int(lengths[entry]) == count,
                    memcmpBytes(storeBytes.baseAddress! + Int(starts[entry]), bytes, count)
                {
                    return Int(ranks[entry])
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The bytes of the token with this rank, or nil for an unused rank.
    func bytes(ofRank rank: Int) -> ArraySlice<UInt8>? {
        guard rank >= 0, rank < entryByRank.count, entryByRank[rank] >= 0 else { return nil }
        let entry = Int(entryByRank[rank])
        let start = Int(starts[entry])
        return store[start..<start + Int(lengths[entry])]
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        // FNV-style mixing eight bytes at a time, then a final avalanche (splitmix64's finaliser).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var index = 0
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= count {
            state = (state ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x100_0000_01B3
            state ^= state >> 29
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        state = (state ^ tail) &* 0xBF58_476D_1CE4_E5B9
        state ^= state >> 27
        state = state &* 0x94D0_49BB_1331_11EB
        state ^= state >> 31
        return Int(truncatingIfNeeded: state)
    }
}

@inline(__always)
private func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for index in 0..<count where lhs[index] != rhs[index] { return false }
    return true
}
