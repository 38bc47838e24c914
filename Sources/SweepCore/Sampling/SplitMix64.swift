/// A small seeded generator (swift-argument-parser's `Examples/roll/SplitMix64.swift`): the same
/// stream for a seed on every platform and Swift version, unlike the standard library's shuffles.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator of stream `stream` of `seed`: trial `i` always draws from stream `i`, so a
    /// resumed sweep proposes what the first would have.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
