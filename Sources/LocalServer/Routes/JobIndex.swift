import Foundation
import Providers
import SweepCore

/// The jobs the server knows, newest first, with the metadata a list filters on (fixed at creation).
/// Listing reads the jobs folder's names and only the new jobs' files, then the page's jobs, so a
/// page costs the same with 20 jobs or 20,000. Jobs made by other processes (a local sweep beside
/// the same ledger) appear on the next list.
actor JobIndex {
    struct Entry: Sendable {
        var id: String
        var createdAt: Int
        var metadata: [String: String]
    }

    private let provider: LocalProvider
    private var entries: [String: Entry] = [:]
    private var sorted: [Entry] = []

    init(provider: LocalProvider) { self.provider = provider }

    /// The ids after `after` (newest first) whose metadata has every pair of `filter`, at most `limit`,
    /// and whether more follow.
    func page(after: String?, limit: Int, filter: [String: String]) async -> (ids: [String], hasMore: Bool) {
        await refresh()
        var start = 0
        if let after, let index = sorted.firstIndex(where: { $0.id == after }) { start = index + 1 }
        var ids: [String] = []
        for entry in sorted[min(start, sorted.count)...] where filter.allSatisfy({ entry.metadata[$0.key] == $0.value })
        {
            if ids.count == limit { return (ids, true) }
            ids.append(entry.id)
        }
        return (ids, false)
    }

    /// Records a job the server just created.
    func add(_ job: JobSnapshot) {
        insert(Entry(id: job.id.rawValue, createdAt: job.createdAt, metadata: job.metadata))
    }

    private func refresh() async {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: provider.root + "/jobs")) ?? [])
        var changed = false
        for name in names where entries[name] == nil && IDFormat.isJobID(name) {
            guard let job = try? await provider.record(JobID(name)).job else { continue }
            entries[name] = Entry(id: name, createdAt: job.createdAt, metadata: job.metadata)
            changed = true
        }
        for name in entries.keys where !names.contains(name) {
            entries[name] = nil
            changed = true
        }
        if changed { sorted = entries.values.sorted(by: Self.newestFirst) }
    }

    private func insert(_ entry: Entry) {
        guard entries[entry.id] == nil else { return }
        entries[entry.id] = entry
        let position = sorted.firstIndex { Self.newestFirst(entry, $0) } ?? sorted.count
        sorted.insert(entry, at: position)
    }

    private static func newestFirst(_ a: Entry, _ b: Entry) -> Bool { (a.createdAt, a.id) > (b.createdAt, b.id) }
}
