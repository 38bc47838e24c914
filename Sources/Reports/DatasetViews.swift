import Foundation
import Ledger

/// `data ls` as a table.
public struct DatasetListView {
    public var datasets: [DatasetRecord]

    public init(_ datasets: [DatasetRecord]) { self.datasets = datasets }

    public func render() -> String {
        var table = TextTable([
            .init("DIGEST"), .init("NAME"), .init("FORMAT"), .init("EXAMPLES", .right), .init("TOKENS", .right),
            .init("SIZE", .right), .init("ADDED"), .init("PATH"),
        ])
        for dataset in datasets {
            let more = dataset.paths.count > 1 ? " (+\(dataset.paths.count - 1))" : ""
            table.add([
                String(dataset.digest.dropFirst("sha256:".count).prefix(12)), dataset.name ?? "-", dataset.format,
                Formatting.grouped(dataset.examples), Formatting.grouped(dataset.tokens) + (dataset.tokensExact ? "" : "~"),
                Formatting.bytes(dataset.bytes), String(dataset.createdAt.prefix(19)).replacingOccurrences(of: "T", with: " "),
                (dataset.paths.last?.path ?? "-") + more,
            ])
        }
        return table.render()
    }
}

/// `data show` as text.
public struct DatasetDetailView {
    public var dataset: DatasetRecord

    public init(_ dataset: DatasetRecord) { self.dataset = dataset }

    public func render() -> String {
        var lines = [
            "digest            \(dataset.digest)",
            "name              \(dataset.name ?? "-")",
            "format            \(dataset.format)",
            "examples          \(Formatting.grouped(dataset.examples))",
            "tokens            \(Formatting.grouped(dataset.tokens)) (\(dataset.encoding), \(dataset.tokensExact ? "exact" : "estimated"))",
            "assistant tokens  \(Formatting.grouped(dataset.assistantTokens))",
            "size              \(Formatting.bytes(dataset.bytes)) (\(Formatting.grouped(dataset.bytes)) bytes)",
            "added             \(dataset.createdAt)",
            "paths",
        ]
        for path in dataset.paths {
            lines.append("  \(path.path)  (first seen \(path.firstSeenAt), last \(path.lastSeenAt))")
        }
        return lines.joined(separator: "\n")
    }
}

/// `ledger info` as text.
public struct LedgerInfoView {
    public var info: LedgerInfo

    public init(_ info: LedgerInfo) { self.info = info }

    public func render() -> String {
        var lines = [
            "path            \(info.path)",
            "schema version  \(info.schemaVersion)",
            "sqlite          \(info.sqliteVersion)",
        ]
        for table in Ledger.countedTables {
            let name = table.replacingOccurrences(of: "_", with: " ")
            lines.append(name.padded(to: 16) + Formatting.grouped(info.counts[table] ?? 0))
        }
        return lines.joined(separator: "\n")
    }
}
