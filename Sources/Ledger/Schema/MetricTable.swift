import SweepCore

/// The table a series' values live in. A series whose metric is shown only when present (the legacy
/// classification figures, absent from nearly every file) is stored apart, so the rows of `metrics`,
/// one per step of every run, carry no column that is nearly always NULL.
enum MetricTable: String, CaseIterable {
    case metrics
    case classificationMetrics = "classification_metrics"

    /// The series stored here, in the catalogue's order.
    var series: [MetricSeries] { MetricSeries.allCases.filter { $0.table == self } }
}

extension MetricSeries {
    /// Where the ledger keeps this series. Every step written has its row in `metrics`, whatever it carries.
    var table: MetricTable {
        Metric.allCases.contains { $0.series?.series == self && $0.visibility == .whenPresent } ? .classificationMetrics : .metrics
    }
}
