import Ledger
import Orchestration
import SweepCore

/// The report's three charts, built from its values.
extension SweepReport {
    /// Runs drawn in the loss chart, in rank order, each with its colour: those with metric rows.
    public var plottedRuns: [(run: RunRecord, color: String)] {
        runs.filter { !(metrics[$0.id] ?? []).isEmpty }.enumerated().map { ($1, Palette.category($0)) }
    }

    /// Train and validation loss against step: a train and a valid curve per run that has them.
    public var lossChart: SVGLineChart {
        // Worst first, so the best run's curves are drawn last, on top.
        let series = plottedRuns.reversed().flatMap { run, color -> [SVGLineChart.Series] in
            let rows = metrics[run.id] ?? []
            return [("train", \MetricRow.trainLoss), ("valid", \MetricRow.validLoss)].compactMap { name, value in
                let points = rows.compactMap { row in row[keyPath: value].map { ChartPoint(x: Double(row.step), y: $0) } }
                return points.isEmpty ? nil : SVGLineChart.Series(run: String(run.id), name: name, color: color, points: points)
            }
        }
        return SVGLineChart(series: series, xTitle: "step", yTitle: "loss")
    }

    /// The hyperparameters that differ between runs, and the metric, one line per run that has it;
    /// nil when no run has the metric.
    public var hyperparameterPlot: ParallelCoordinates? {
        let ranked = runs.filter { $0.metric(sweep.metric) != nil }
        guard !ranked.isEmpty else { return nil }
        typealias Value = ParallelCoordinates.Value
        func number(_ value: Double?) -> Value { value.map(Value.number) ?? .category("auto") }
        let parameters: [(String, (RunRecord) -> Value)] = [
            ("model", { .category($0.model) }),
            ("n_epochs", { number($0.nEpochs.map(Double.init)) }),
            ("batch_size", { number($0.batchSize.map(Double.init)) }),
            ("learning_rate_multiplier", { number($0.learningRateMultiplier) }),
            ("seed", { $0.seed.map { .number(Double($0)) } ?? .category("none") }),
        ] + RunTableView.parameterColumns(ranked).map { column in
            let name = ParameterName(column.name)
            return (column.name, { run in run.parameters[name].map { $0.double.map(Value.number) ?? .category($0.description) } ?? .category("none") })
        }
        // An axis on which every run sits at the same point says nothing.
        let varying = parameters.filter { _, value in Set(ranked.map(value)).count > 1 }
        let bestID = best?.id
        let lines = ranked.map { run in
            ParallelCoordinates.Line(
                id: String(run.id), values: varying.map { $0.1(run) } + [.number(run.metric(sweep.metric) ?? 0)], highlighted: run.id == bestID)
        }
        // A parameter the spec draws log-uniformly gets a log axis, as its values were spread.
        let spec = try? sweep.storedSpec()
        let logAxes = varying.indices.filter { index in
            if case .distribution(.logUniformValues)? = spec?.parameters[ParameterName(varying[index].0)] { true } else { false }
        }
        return ParallelCoordinates(
            axes: varying.map(\.0) + [sweep.metric], lines: lines, colorAxis: varying.count, lowerIsBetter: lowerIsBetter, logAxes: Set(logAxes))
    }

    /// Each run's cost (reported, else estimated) against the metric.
    public var costPlot: ScatterPlot {
        let bestID = best?.id
        let points = runs.compactMap { run -> ScatterPlot.Point? in
            guard let value = run.metric(sweep.metric), let nanos = run.costNanos ?? run.estimatedCostNanos else { return nil }
            let cost = USD(nanos: Int64(nanos))
            let estimated = run.costNanos == nil
            return ScatterPlot.Point(
                id: String(run.id), x: Double(nanos) / 1e9, y: value,
                label: "run \(run.id): \(cost.formatted(decimals: 4))\(estimated ? " (estimated)" : ""), \(sweep.metric) \(Formatting.fixed(value, 4))",
                estimated: estimated, highlighted: run.id == bestID)
        }
        return ScatterPlot(points: points, xTitle: "cost (USD)", yTitle: sweep.metric, xLabel: { "$" + Formatting.compact($0) })
    }
}
