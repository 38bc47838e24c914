import SweepCore
import Testing

@Suite struct CountedTests {
    @Test func countsAgreeWithTheirNouns() {
        #expect(1.counted("trial") == "1 trial")
        #expect(0.counted("run") == "0 runs")
        #expect(2.counted("new dataset") == "2 new datasets")
        #expect(2.counted("entry", plural: "entries") == "2 entries")
    }
}
