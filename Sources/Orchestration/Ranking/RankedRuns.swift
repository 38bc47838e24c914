import Ledger
import SweepCore

extension [RunRecord] {
    /// The best run of a ranked list as `best` picks it: the first succeeded one that has the metric,
    /// among the runs measured on the newest succeeded run's data.
    public func best(by metric: String) -> RunRecord? {
        guard let newest = filter({ $0.state == .succeeded }).max(by: { $0.id < $1.id }) else { return nil }
        return first { $0.state == .succeeded && $0.metric(metric) != nil && Ranking.sameData($0, newest, metric) }
    }
}
