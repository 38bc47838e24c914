import SweepCore

/// A run's summary figures computed from its metric rows in memory, exactly as `refreshSummary` reads
/// them from the ledger (`MetricSummaryTests` holds the two to the same figures). Ingest writes a run's
/// rows in one call; reading them back to summarise them cost as much as writing them.
struct MetricSummary {
    /// The newest step; nil without rows.
    var steps: Int?
    /// Whether any figure is non-finite or beyond `Ledger.divergenceThreshold`: then no summary figure is kept.
    var diverged: Bool
    /// Each summarised metric's figure from its series, where the series has one.
    var figures: [Metric: Double]

    /// The summary of `rows` as the ledger stores them: a step written twice keeps, per series, the last
    /// figure given for it (the upsert's `coalesce`), and NaN is stored as +inf.
    init(_ rows: [MetricRow]) {
        let merged = Self.merged(rows)
        steps = merged.last?.step
        diverged = merged.contains { row in
            MetricSeries.allCases.contains { series in Ledger.kept(row[series]).map { abs($0) >= Ledger.divergenceThreshold } ?? false }
        }
        figures = [:]
        for metric in Metric.allCases {
            guard let (series, summary) = metric.series else { continue }
            figures[metric] = switch summary {
            case .last: Ledger.kept(merged.last { $0[series] != nil }?[series])
            case .min: merged.lazy.compactMap { Ledger.kept($0[series]) }.min()
            }
        }
    }

    /// The rows by ascending step, a step given twice merged as the ledger's upsert merges it.
    private static func merged(_ rows: [MetricRow]) -> [MetricRow] {
        if zip(rows, rows.dropFirst()).allSatisfy({ $0.step < $1.step }) { return rows }
        var byStep: [Int: MetricRow] = [:]
        for row in rows {
            guard var existing = byStep[row.step] else {
                byStep[row.step] = row
                continue
            }
            for series in MetricSeries.allCases where row[series] != nil { existing[series] = row[series] }
            byStep[row.step] = existing
        }
        return byStep.values.sorted { $0.step < $1.step }
    }
}
