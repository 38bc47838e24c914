/// Colours that stay distinct for colour-blind readers and in print.
enum Palette {
    /// Okabe and Ito's categorical palette, yellow left out (too faint on white).
    static let categorical = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]

    /// The colour of the `index`th series; colours repeat after seven.
    static func category(_ index: Int) -> String { categorical[index % categorical.count] }

    /// Viridis from its dark end to 90 %, sampled at even steps (its palest yellow is lost on white).
    static let sequential: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142), (31, 158, 137), (53, 183, 121),
        (110, 206, 88), (181, 222, 43),
    ]

    /// The sequential colour at `t` in 0…1 (0 the dark end), interpolated between samples.
    static func sequential(_ t: Double) -> String {
        let position = min(1, max(0, t.isFinite ? t : 0)) * Double(sequential.count - 1)
        let index = min(sequential.count - 2, Int(position)), fraction = position - Double(index)
        let (a, b) = (sequential[index], sequential[index + 1])
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * fraction).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    private static func hex(_ red: Int, _ green: Int, _ blue: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
}
