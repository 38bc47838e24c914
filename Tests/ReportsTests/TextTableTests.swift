import Reports
import Testing

@Suite struct TextTableTests {
    @Test func columnsAlignLeftOrRightAndTrailingSpaceIsTrimmed() {
        var table = TextTable([.init("NAME"), .init("COUNT", .right), .init("NOTE")])
        table.add(["a", "1", ""])
        table.add(["longer", "1,234", "x"])
        #expect(table.render() == """
            NAME    COUNT  NOTE
            a           1
            longer  1,234  x
            """)
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-45_000, "-45,000")])
    func groupedNumbers(_ value: Int, _ text: String) {
        #expect(Formatting.grouped(value) == text)
    }

    @Test func sizesUseSIUnits() {
        #expect(Formatting.bytes(999) == "999 B")
        #expect(Formatting.bytes(103_248) == "103.2 KB")
        #expect(Formatting.bytes(200_319_462) == "200.3 MB")
    }
}
