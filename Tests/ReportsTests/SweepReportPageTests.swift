import Foundation
import Ledger
import Orchestration
import Reports
import SweepCore
import Testing

/// A run as the ledger would return it, with the fields the report reads.
private func run(_ id: Int, model: String = "local-small", epochs: Int? = 1, batch: Int? = 64, rate: Double? = 1, loss: Double? = nil) -> RunRecord {
    var record = RunRecord(
        sweepID: 1, trialKey: "key\(id)", model: model, nEpochs: epochs, batchSize: batch, learningRateMultiplier: rate, seed: 7,
        trainingDigest: "sha256:aa", validationDigest: "sha256:bb", provider: "local", requestJSON: "{}", estimatedCostNanos: 2_000_000)
    record.id = id
    record.state = .succeeded
    record.fullValidLoss = loss
    record.fineTunedModel = "ft:\(model):\(id)"
    return record
}

/// Metric rows with a train loss every step and a validation loss every tenth.
private func curve(steps: Int) -> [MetricRow] {
    (1...steps).map { step in
        MetricRow(step: step, trainLoss: 3 / Double(step).squareRoot(), validLoss: step % 10 == 0 ? 3.2 / Double(step).squareRoot() : nil)
    }
}

private func report(_ runs: [RunRecord], steps: Int = 50, spec: String = "name: s\n") -> SweepReport {
    let sweep = SweepRecord(name: "s", specText: spec, specDigest: "d", method: "grid", metric: "full_valid_loss", goal: .minimize, provider: "local")
    return SweepReport(sweep: sweep, runs: runs, metrics: Dictionary(uniqueKeysWithValues: runs.map { ($0.id, curve(steps: steps)) }), generatedAt: "now")
}

/// How often `needle` occurs in `text`.
private func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

@Suite struct SweepReportPageTests {
    @Test func ledgerStringsAreTextNeverMarkup() {
        let hostile = "<script>alert(\"x\")</script>&'"
        // Two models, so the name is also an axis label of the parallel-coordinates plot (SVG text).
        var sweep = report([run(1, model: hostile, loss: 1), run(2, model: "b<i>", loss: 2)], spec: "name: \(hostile)\n")
        sweep.sweep.name = hostile
        let html = SweepReportPage(sweep).render()
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"))
        #expect(count("<script>", in: html) == 2)  // the page's own two
        #expect(!html.contains("b<i>") && html.contains("b&lt;i&gt;"))
        #expect(HTML.escape(hostile) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;")
    }

    @Test func theLossChartHasOneCurvePerRunAndSeries() {
        let html = SweepReportPage(report([run(1, loss: 1.2), run(2, loss: 1.1), run(3, loss: nil)])).render()
        for id in 1...3 {
            #expect(count("<path class=\"curve\" data-run=\"\(id)\" data-series=\"train\"", in: html) == 1)
            #expect(count("<path class=\"curve\" data-run=\"\(id)\" data-series=\"valid\"", in: html) == 1)
            #expect(count("data-run-toggle=\"\(id)\"", in: html) == 1)
        }
        #expect(count("<path class=\"curve\"", in: html) == 6)
    }

    @Test func longCurvesAreCutToThePointLimitKeepingEndsAndExtremes() {
        var points = (0..<10_000).map { ChartPoint(x: Double($0), y: 5 - Double($0) / 5_000) }
        points[4_321].y = 99
        points[7_777].y = -3
        let kept = ChartPoint.downsample(points, limit: 400)
        #expect(kept.count <= 400 && kept.count >= 390)
        #expect(kept.first == points.first && kept.last == points.last)
        #expect(kept.contains(points[4_321]) && kept.contains(points[7_777]))
        #expect(kept.map(\.x) == kept.map(\.x).sorted())
        #expect(ChartPoint.downsample(Array(points.prefix(300)), limit: 400).count == 300)

        let html = SweepReportPage(report([run(1, loss: 1)], steps: 10_000)).render()
        let train = html.components(separatedBy: "data-series=\"train\"")[1].components(separatedBy: "</path>")[0]
        #expect(count("L", in: train) <= 399)
    }

    @Test func aHundredRunsOfTenThousandStepsStayASmallFile() {
        let html = SweepReportPage(report((1...100).map { run($0, rate: Double($0) / 50, loss: 1 + Double($0) / 100) }, steps: 10_000)).render()
        #expect(count("<path class=\"curve\"", in: html) == 200)
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
    }

    @Test func parallelCoordinatesHaveAxesOnlyForParametersThatVary() throws {
        let runs = [run(1, epochs: 1, rate: 0.5, loss: 1.3), run(2, epochs: 2, rate: 0.5, loss: 1.1), run(3, epochs: 3, rate: 2, loss: 1.2)]
        let plot = try #require(report(runs).hyperparameterPlot)
        #expect(plot.axes == ["n_epochs", "learning_rate_multiplier", "full_valid_loss"])
        #expect(plot.lines.filter(\.highlighted).map(\.id) == ["1"])  // the first succeeded run with the metric

        let models = try #require(report([run(1, model: "a", loss: 1), run(2, model: "b", batch: nil, loss: 2)]).hyperparameterPlot)
        #expect(models.axes == ["model", "batch_size", "full_valid_loss"])
        #expect(models.lines[1].values == [.category("b"), .category("auto"), .number(2)])
        #expect(report([run(1), run(2)]).hyperparameterPlot == nil)  // no run has the metric
    }

    @Test func theSameLedgerValuesGiveTheSameBytes() {
        let runs = [run(1, epochs: 1, loss: 1.3), run(2, epochs: 2, loss: 1.1), run(3, epochs: 3, loss: nil)]
        #expect(SweepReportPage(report(runs)).render() == SweepReportPage(report(runs)).render())
    }

    @Test func evaluationsOfTheBestRunShowAConfusionMatrix() {
        var values = report([run(1, loss: 1.0), run(2, loss: 1.5)])
        let classes = [EvaluationRecord.ClassScore(label: "billing", support: 2, predicted: 1, truePositives: 1),
                       EvaluationRecord.ClassScore(label: "bug", support: 1, predicted: 2, truePositives: 1)]
        values.evaluations = [
            EvaluationRecord(model: "ft:local-small:1", runID: 1, testDigest: "sha256:0123456789abcdef", testPath: "/x/test.jsonl", kind: .labels,
                             examples: 3, exactMatches: 2, macroPrecision: 0.75, macroRecall: 0.75, macroF1: 0.667, tokenF1: 0.7,
                             details: .init(classes: classes, confusion: [[1, 1], [0, 1]])),
        ]
        let html = SweepReportPage(values).render()
        #expect(html.contains("<h3>Confusion matrix of the best run's model on test.jsonl</h3>"))
        #expect(html.contains("sha256:0123456789ab"))
        #expect(html.contains("<th>eval acc</th>") || html.contains("<th class=\"num\">eval acc</th>"))
    }
}
