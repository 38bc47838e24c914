import Ledger
import Orchestration

/// The sections after the runs table: charts, evaluations, datasets and the spec.
extension SweepReportPage {
    var curvesSection: Section {
        let plotted = report.plottedRuns
        guard !plotted.isEmpty else { return Section(id: "curves", title: "Loss curves", "<p>No metrics recorded yet.</p>") }
        let bestID = report.best?.id
        let toggles = plotted.map { run, color in
            "<label><input type=\"checkbox\" checked data-run-toggle=\"\(run.id)\"><span class=\"swatch\" style=\"background:\(color)\"></span>"
                + "run \(run.id)\(run.id == bestID ? " (best)" : "")</label>"
        }.joined(separator: "\n")
        let controls = """
            <div class="controls" role="group" aria-label="runs shown">
            <button type="button" data-toggle-all="all">all</button><button type="button" data-toggle-all="none">none</button>
            \(toggles)
            </div>
            """
        let chart = report.lossChart
        return Section(
            id: "curves", title: "Loss curves",
            note: "Train loss (solid) and validation loss (dashed) per run, at most \(chart.pointLimit) points a curve "
                + "(each slice's lowest and highest kept). Tick a run to show or hide it.",
            controls + "\n" + HTML.figure(chart.render()))
    }

    var hyperparameterSection: Section {
        guard let plot = report.hyperparameterPlot else {
            return Section(id: "hyperparameters", title: "Hyperparameters", "<p>No run has \(HTML.escape(report.sweep.metric)) yet.</p>")
        }
        let fixed = plot.axes.count == 1 ? " No hyperparameter differs between the runs." : ""
        return Section(
            id: "hyperparameters", title: "Hyperparameters",
            note: "One line per run with \(report.sweep.metric), across the hyperparameters that differ, coloured by it "
                + "(darker is better); the thick line is the best run.\(fixed)",
            HTML.figure(plot.render()))
    }

    var costSection: Section {
        let plot = report.costPlot
        let metric = report.sweep.metric
        guard !plot.points.isEmpty else { return Section(id: "cost", title: "Cost", "<p>No run has both a cost and \(HTML.escape(metric)) yet.</p>") }
        let free = plot.points.allSatisfy { $0.x == 0 } ? " Every run cost nothing (local training)." : ""
        return Section(id: "cost", title: "Cost", note: "Each run's cost against \(metric); hover a dot for the run.\(free)", HTML.figure(plot.render()))
    }

    var evaluationSection: Section {
        guard !report.evaluations.isEmpty else {
            return Section(id: "evaluations", title: "Evaluations", "<p>No evaluations stored. Run <code>ftsweep eval</code> to add some.</p>")
        }
        var table = HTMLTable(columns: [
            .init(title: "model", style: .code), .init(title: "run", style: .number), .init(title: "test file"), .init(title: "digest", style: .code),
            .init(title: "kind"), .init(title: "N", style: .number), .init(title: "accuracy", style: .number), .init(title: "macro P", style: .number),
            .init(title: "macro R", style: .number), .init(title: "macro F1", style: .number), .init(title: "token F1", style: .number),
        ])
        // Models in rank order, base models after, each model's evaluations newest first.
        let order = Dictionary(report.runs.enumerated().compactMap { index, run in run.fineTunedModel.map { ($0, index) } }, uniquingKeysWith: min)
        let sorted = report.evaluations.enumerated().sorted { a, b in
            (order[a.element.model] ?? Int.max, a.element.model, a.offset) < (order[b.element.model] ?? Int.max, b.element.model, b.offset)
        }.map(\.element)
        let bestModel = report.best?.fineTunedModel
        for record in sorted {
            table.add([
                record.model, (record.runID ?? order[record.model].map { report.runs[$0].id }).map(String.init) ?? "base",
                Self.fileName(record.testPath),
                String(record.testDigest.prefix(19)), record.kind == .labels ? "labels" : "text", String(record.examples),
                Self.figure(record.accuracy, 3), Self.figure(record.macroPrecision, 3), Self.figure(record.macroRecall, 3),
                Self.figure(record.macroF1, 3), Self.figure(record.tokenF1, 3),
            ], marked: record.model == bestModel)
        }
        let matrices = sorted.filter { $0.model == bestModel && $0.kind == .labels && !$0.details.confusion.isEmpty }.map(confusionMatrix)
        return Section(
            id: "evaluations", title: "Evaluations",
            note: "Stored evaluations of the runs' models and their base models on held-out test sets.",
            ([table.render()] + matrices).joined(separator: "\n"))
    }

    /// Rows are references, columns answers; a cell's shade grows with its count.
    func confusionMatrix(_ record: EvaluationRecord) -> String {
        let labels = record.details.classes.map(\.label)
        let largest = max(1, record.details.confusion.flatMap { $0 }.max() ?? 1)
        let head = "<th>reference ↓ answer →</th>" + labels.map { "<th class=\"num\">\(HTML.escape($0))</th>" }.joined()
        let rows = zip(labels, record.details.confusion).map { label, counts in
            "<tr><th>\(HTML.escape(label))</th>" + counts.map { count in
                let share = Double(count) / Double(largest)
                let ink = share > 0.55 ? "#fff" : "inherit"
                return "<td class=\"heat\" style=\"background:rgba(0,114,178,\(Formatting.fixed(share * 0.9, 2)));color:\(ink)\">\(count)</td>"
            }.joined() + "</tr>"
        }.joined(separator: "\n")
        return """
            <h3>Confusion matrix of the best run's model on \(HTML.escape(Self.fileName(record.testPath)))</h3>
            <div class="scroll"><table class="confusion">
            <thead><tr>\(head)</tr></thead>
            <tbody>
            \(rows)
            </tbody>
            </table></div>
            """
    }

    var datasetSection: Section {
        guard !report.datasets.isEmpty else {
            return Section(id: "datasets", title: "Datasets", "<p>The ledger holds no record of the runs' data files.</p>")
        }
        var table = HTMLTable(columns: [
            .init(title: "used for"), .init(title: "name"), .init(title: "SHA-256", style: .code), .init(title: "examples", style: .number),
            .init(title: "tokens", style: .number), .init(title: "size", style: .number), .init(title: "path"),
        ])
        let training = Set(report.runs.compactMap(\.trainingDigest)), validation = Set(report.runs.compactMap(\.validationDigest))
        for dataset in report.datasets {
            let roles = [training.contains(dataset.digest) ? "training" : nil, validation.contains(dataset.digest) ? "validation" : nil]
            table.add([
                roles.compactMap { $0 }.joined(separator: ", "), dataset.name ?? "", dataset.digest, Formatting.grouped(dataset.examples),
                Formatting.grouped(dataset.tokens), Formatting.bytes(dataset.bytes), dataset.paths.last?.path ?? "",
            ])
        }
        let note = "The files the runs trained and validated on, by the SHA-256 of their bytes."
        return Section(id: "datasets", title: "Datasets", note: note, table.render())
    }

    var specSection: Section {
        Section(
            id: "spec", title: "Spec", note: "The spec text the sweep was launched with.",
            "<pre class=\"spec\">\(HTML.escape(report.sweep.specText))</pre>")
    }
}
