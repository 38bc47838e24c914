import Foundation
import SweepCore
import TestSupport
import Testing

/// States and metrics are named once, in SweepCore; everything else derives from the enums and the
/// catalogue, so adding a metric or a state is one edit there.
@Suite struct VocabularyTests {
    @Test func everyMetricNameAndAliasNamesOneMetric() {
        let names = Metric.allCases.flatMap { [$0.name] + $0.aliases }
        #expect(Set(names).count == names.count)
        for metric in Metric.allCases {
            #expect(([metric.name] + metric.aliases).allSatisfy { Metric(named: $0) == metric })
            #expect(MetricSpec.known[metric.name] == metric.goal)
        }
        #expect(Metric(named: "valid_loss:min") == .minValidLoss && Metric(named: "valid_loss") == nil)
        #expect(MetricSpec.known["valid_loss:last5"] == .minimize)
    }

    @Test func everySeriesKeyNamesOneSeries() {
        let keys = MetricSeries.allCases.flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
        for series in MetricSeries.allCases { #expect(series.keys.allSatisfy { MetricSeries(key: $0) == series }) }
        #expect(MetricSeries(key: "classification/f1.0") == .classificationF1)
        #expect(MetricSeries(key: "training_token_accuracy") == .trainAccuracy && MetricSeries(key: "elapsed_tokens") == nil)
    }

    @Test func statesReadBackAndUnknownStatesAreKept() {
        for state in RunState.known { #expect(RunState(state.description) == state) }
        for state in SweepState.known { #expect(SweepState(state.description) == state) }
        #expect(RunState("archived") == .other("archived") && RunState("archived").description == "archived")
        #expect(SweepState("archived") == .other("archived"))
    }

    /// Files that may spell the vocabulary: the enums and the catalogue themselves, and the provider's
    /// job status, which spells OpenAI's wire statuses.
    static let vocabularyFiles: Set<String> = [
        "Sources/SweepCore/Models/RunState.swift", "Sources/SweepCore/Models/SweepState.swift",
        "Sources/SweepCore/Metrics/MetricCatalogue.swift", "Sources/SweepCore/Metrics/MetricSeries.swift",
        "Sources/Providers/Core/JobSnapshot.swift",
    ]

    /// Literals that are the same word with another meaning: `finished` is also the `--where` date field.
    static let otherMeanings: Set<String> = ["finished"]

    @Test func noSourceSpellsAStateOrAMetricAsALiteral() throws {
        let names = Set(RunState.known.map(\.description) + SweepState.known.map(\.description)
            + Metric.allCases.flatMap { [$0.name] + $0.aliases } + MetricSeries.allCases.flatMap(\.keys))
        let files = try CommandRunner.run(
            "/usr/bin/git", ["ls-files", "Sources/*.swift"], in: TestPaths.repository, environment: ProcessInfo.processInfo.environment)
        #expect(files.status == 0, "\(files.stderr)")
        var found: [String] = []
        for file in files.stdout.split(separator: "\n").map(String.init) where !Self.vocabularyFiles.contains(file) {
            let text = try String(contentsOfFile: "\(TestPaths.repository)/\(file)", encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for name in names where line.contains("\"\(name)\"") || line.contains("'\(name)'") {
                    if Self.otherMeanings.contains(name) && !line.contains("'\(name)'") { continue }
                    found.append("\(file):\(index + 1): \(name)")
                }
            }
        }
        #expect(found.isEmpty, "spelled outside the catalogue (use RunState, SweepState, Metric or MetricSeries):\n\(found.joined(separator: "\n"))")
    }
}
