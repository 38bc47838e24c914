import Foundation
import Ledger
import Orchestration
import Testing

/// Inputs the fuzz targets in Fuzz/ crashed on, kept as they were found (minimised by libFuzzer).
@Suite struct OrchestrationFuzzRegressionTests {
    /// FuzzResultImporter: events JSONL whose metrics step is past Int's range trapped in `Int(_:)`.
    @Test func anEventStepPastIntsRangeMakesNoMetricRow() throws {
        let crash = try #require(Data(base64Encoded: """
            eyIiOiJmaW5lX3R1bmluZy5qb2IuZXZlbnQiLCJpZCI6IiIsImRhdGEiOnsic3RlcCI6MzIyMjIyMjIyMjIzMzMzMzMzNjV9fQp7IiI6ImZp\
            bmVfdHVuaW5nLmpvYi5ldmVudCIsImlkIjoiIn0=
            """))
        #expect(String(decoding: crash, as: UTF8.self).contains(#""step":32222222222333333365"#))
        let imported = try ImportedResults.read(Array(crash), file: "events.jsonl")
        #expect(imported.format == .eventsLines)
        #expect(imported.events.count == 2)
        #expect(imported.metrics.isEmpty)
    }

    /// The same step in a list page, the shape `ingest` reads from the API.
    @Test func anEventPageWithAHugeStepKeepsTheOtherRows() throws {
        let page = #"{"object": "list", "data": [{"object": "fine_tuning.job.event", "id": "b", "data": {"step": 1e300, "train_loss": 1}}, "#
            + #"{"object": "fine_tuning.job.event", "id": "a", "data": {"step": 2.0, "train_loss": 0.5}}]}"#
        let imported = try ImportedResults.read(Array(page.utf8), file: "events.json")
        #expect(imported.metrics.map(\.step) == [2])
    }
}
