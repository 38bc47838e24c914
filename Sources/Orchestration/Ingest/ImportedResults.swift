import Datasets
import Foundation
import Ledger
import Providers

/// Results made elsewhere, read from a file whose format is detected from its content: OpenAI's
/// current result CSV (plain or base64), the legacy `/v1/fine-tunes` `compiled_results.csv`, events
/// (an API list page, a JSON array or JSONL) or checkpoints (an API list page, or the local trainer's
/// `checkpoints.json` array). Every file a local job writes ingests.
public struct ImportedResults: Sendable, Equatable {
    public enum Format: String, Sendable {
        case resultCSV = "result CSV"
        case legacyCSV = "legacy compiled_results.csv"
        case eventsPage = "events list page"
        case eventsArray = "events JSON array"
        case eventsLines = "events JSONL"
        case checkpointsPage = "checkpoints list page"
        case checkpointsArray = "checkpoints JSON array"
    }

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }

        public init(file: String, line: Int, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }
    }

    public var format: Format
    /// The SHA-256 of the file's bytes: an imported run is keyed by what was imported.
    public var digest = ""
    public var metrics: [MetricRow] = []
    public var events: [JobEvent] = []
    public var checkpoints: [JobCheckpoint] = []

    /// Reads and checks a whole file; nothing is written anywhere.
    public static func read(_ bytes: [UInt8], file: String) throws(Failure) -> ImportedResults {
        var results = try parse(bytes, file: file)
        results.digest = DatasetDigest.of(bytes: bytes).rawValue
        return results
    }

    private static func parse(_ bytes: [UInt8], file: String) throws(Failure) -> ImportedResults {
        // Decided on the first byte that is not white space, so a big CSV is never copied into a String.
        let first = bytes.first { !Character(UnicodeScalar($0)).isWhitespace }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return try csv(bytes, file: file) }
        let trimmed = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") {
            // The local trainer's `checkpoints.json`: an array of objects with `step` and `model`.
            let checkpoints = Leading.of(trimmed)?.isLocalCheckpoint == true
            return try checkpoints ? checkpointsArray(trimmed, file: file) : eventsArray(trimmed, file: file)
        }
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        // JSONL when the first line is a whole object and not a list page (whose `data` is an array): the
        // API's events and the local trainer's `events.jsonl`, which carries no `object` field.
        if let first = lines.first, Shape.of(first)?.isEventLine == true { return try eventsLines(lines, file: file) }
        return try page(trimmed, file: file)
    }

    private static func checkpointsArray(_ text: String, file: String) throws(Failure) -> ImportedResults {
        let checkpoints = (try decode(text, file: file, line: 1) as [JobCheckpoint]).sorted { $0.step < $1.step }
        let rows = checkpoints.compactMap { MetricRow(eventData: $0.metrics.merging(["step": Double($0.step)]) { old, _ in old }) }
        return ImportedResults(format: .checkpointsArray, metrics: rows, checkpoints: checkpoints)
    }

    private static func csv(_ bytes: [UInt8], file: String) throws(Failure) -> ImportedResults {
        let rows: [MetricRow]
        do { rows = try ResultFile.parse(bytes) } catch { throw Failure(file: file, line: error.line, message: error.message) }
        let header = String(decoding: bytes.prefix(200), as: UTF8.self)
        // The legacy file counts what was trained so far, which the current one does not.
        let legacy = header.contains("elapsed_tokens")
        return ImportedResults(format: legacy ? .legacyCSV : .resultCSV, metrics: rows)
    }

    private static func eventsArray(_ text: String, file: String) throws(Failure) -> ImportedResults {
        let events = (try decode(text, file: file, line: 1) as [OpenAIWire.Event]).map(JobEvent.init)
        return ImportedResults(format: .eventsArray, metrics: events.compactMap { $0.data.flatMap(MetricRow.init(eventData:)) }, events: events)
    }

    private static func eventsLines(_ lines: [Substring], file: String) throws(Failure) -> ImportedResults {
        var events: [JobEvent] = []
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            events.append(JobEvent(try decode(String(line), file: file, line: index + 1) as OpenAIWire.Event))
        }
        return ImportedResults(format: .eventsLines, metrics: events.compactMap { $0.data.flatMap(MetricRow.init(eventData:)) }, events: events)
    }

    private static func page(_ text: String, file: String) throws(Failure) -> ImportedResults {
        let page: OpenAIWire.List<Shape> = try decode(text, file: file, line: 1)
        switch page.data.first?.object {
        case "fine_tuning.job.checkpoint"?:
            let checkpoints = (try decode(text, file: file, line: 1) as OpenAIWire.List<OpenAIWire.Checkpoint>).data.map(JobCheckpoint.init)
            var rows = checkpoints.map { checkpoint in MetricRow(eventData: checkpoint.metrics.merging(["step": Double(checkpoint.step)]) { old, _ in old }) }.compactMap { $0 }
            rows.sort { $0.step < $1.step }
            return ImportedResults(format: .checkpointsPage, metrics: rows, checkpoints: checkpoints.sorted { $0.step < $1.step })
        case "fine_tuning.job.event"?, nil:
            let events = (try decode(text, file: file, line: 1) as OpenAIWire.List<OpenAIWire.Event>).data.reversed().map(JobEvent.init)
            return ImportedResults(format: .eventsPage, metrics: events.compactMap { $0.data.flatMap(MetricRow.init(eventData:)) }, events: events)
        case let other?:
            throw Failure(file: file, line: 1, message: "a list of '\(other)' objects; expected fine-tuning events or checkpoints")
        }
    }

    private static func decode<T: Decodable>(_ text: String, file: String, line: Int) throws(Failure) -> T {
        do {
            return try OpenAIWire.decoder().decode(T.self, from: Data(text.utf8))
        } catch {
            let what = T.self == [OpenAIWire.Event].self || T.self == OpenAIWire.Event.self ? "event" : "list page"
            throw Failure(file: file, line: line, message: "not a fine-tuning \(what): \(Self.reason(error))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted?: "invalid JSON"
        default: "unreadable"
        }
    }
}

extension Ledger {
    /// Writes imported results to a run in one transaction: all files or none. Re-importing the same
    /// files changes nothing (rows are keyed by step, event id and checkpoint step).
    public func record(_ imports: [ImportedResults], run: Int) throws {
        try transaction {
            for imported in imports {
                if !imported.metrics.isEmpty { try recordMetrics(imported.metrics, run: run) }
                if !imported.events.isEmpty {
                    try recordEvents(imported.events.map { ($0.id, $0.createdAt, $0.level, $0.type, $0.message, Launcher.json($0.data)) }, run: run)
                }
                if !imported.checkpoints.isEmpty {
                    try recordCheckpoints(imported.checkpoints.map { ($0.step, $0.model, Launcher.json($0.metrics)) }, run: run)
                }
            }
        }
    }
}
