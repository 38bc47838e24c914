#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The mergeable ranks of a BPE vocabulary: token bytes to rank, in one open-addressing table over
/// one contiguous byte store. Each slot packs a token's start, length and rank into 64 bits, so a
/// probe touches one slot and the bytes (a `[[UInt8]: Int]` dictionary is several times slower).
final class RankTable: @unchecked Sendable {
    // @unchecked Sendable: the buffers are filled in `init` and only read after; `deinit` frees them.
    private let store: UnsafeMutableBufferPointer<UInt8>
    private let slots: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    /// Packed entries by rank, for decoding.
    private let byRank: [UInt64]

    /// The number of ranks.
    let count: Int

    private static let emptySlot = UInt64.max

    /// Builds the table over `store`, where each entry names its bytes' range; ranks must be unique.
    init(store bytes: [UInt8], entries: [(range: Range<Int>, rank: Int)]) {
        precondition(bytes.count < 1 << 28 && entries.count < 1 << 20, "rank file larger than the packed layout allows")
        store = .allocate(capacity: max(1, bytes.count))
        _ = store.initialize(from: bytes)
        var capacity = 1
        while capacity < entries.count * 2 { capacity <<= 1 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Self.emptySlot)
        mask = capacity - 1
        count = entries.count
        var byRank = [UInt64](repeating: Self.emptySlot, count: (entries.map(\.rank).max() ?? 0) + 1)
        for entry in entries {
            let packed = UInt64(entry.range.lowerBound) << 36 | UInt64(entry.range.count) << 20 | UInt64(entry.rank)
            var slot = Self.hash(store.baseAddress! + entry.range.lowerBound, entry.range.count) & mask
            while slots[slot] != Self.emptySlot { slot = (slot + 1) & mask }
            slots[slot] = packed
            byRank[entry.rank] = packed
        }
        self.byRank = byRank
    }

    deinit {
        store.deallocate()
        slots.deallocate()
    }

    /// Raw views of the table for hot loops, valid while the table lives. Copying a `RankLookup`
    /// touches no reference count, so workers on several cores never contend for one.
    var lookup: RankLookup { RankLookup(store: UnsafePointer(store.baseAddress!), slots: UnsafePointer(slots.baseAddress!), mask: mask) }

    /// The bytes of the token with this rank, or nil for an unused rank.
    func bytes(ofRank rank: Int) -> ArraySlice<UInt8>? {
        guard rank >= 0, rank < byRank.count, byRank[rank] != Self.emptySlot else { return nil }
        let packed = byRank[rank]
        let start = Int(packed >> 36)
        return ArraySlice(UnsafeBufferPointer(rebasing: store[start..<start + Int(packed >> 20 & 0xFFFF)]))
    }

    static let emptySlotValue = emptySlot

    /// A fast 64-bit hash of bytes (eight at a time, then splitmix64's finaliser); not for adversaries.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
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

/// The probe of `RankTable`, over raw pointers.
struct RankLookup {
    let store: UnsafePointer<UInt8>
    let slots: UnsafePointer<UInt64>
    let mask: Int

    /// The rank of exactly these bytes, or nil when they are not a token.
    @inline(__always)
    func rank(of bytes: UnsafePointer<UInt8>, count length: Int) -> Int? {
        var slot = RankTable.hash(bytes, length) & mask
        while true {
            let packed = slots[slot]
            if packed == RankTable.emptySlotValue { return nil }
            if Int(packed >> 20 & 0xFFFF) == length, Self.equal(store + Int(packed >> 36), bytes, length) {
                return Int(packed & 0xFFFFF)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Most tokens are a few bytes long: a loop beats a call to `memcmp` for those.
    @inline(__always)
    private static func equal(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count > 16 { return memcmp(lhs, rhs, count) == 0 }
        for index in 0..<count where lhs[index] != rhs[index] { return false }
        return true
    }
}
