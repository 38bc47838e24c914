import Foundation
import SweepCore

/// `{run_dir}/metrics.jsonl`, read from a byte offset while the trainer appends to it: each complete
/// line is one step's metrics, named as OpenAI's metrics events name them. A last line without its
/// newline is still being written and waits for the next read, unless the trainer has exited.
struct MetricsLog {
    let path: String

    /// The names ftsweep reads (each catalogue series by its event name); each must be a number (or null) when present.
    static let metricNames = MetricSeries.allCases.map(\.eventKey)

    /// One complete line: its metrics, and the offset just past it, where the next read starts.
    struct Line: Equatable {
        var end: Int
        var data: [String: Double]
    }

    /// The most bytes one read takes, so a trainer that writes a million lines at once is read a page at a
    /// time and the launcher's memory stays flat.
    static let pageBytes = 1 << 20

    /// The complete lines after `offset`, from at most `pageBytes`, and whether the page was full (more may
    /// follow). Once the trainer has exited (`final`), a last line without its newline is complete too.
    func read(from offset: Int, final: Bool = false, pageBytes: Int = Self.pageBytes) throws(ProviderError) -> (lines: [Line], more: Bool) {
        guard let file = try TrainerFile(path: path) else { return ([], false) }
        let bytes = try file.read(at: offset, count: pageBytes)
        let full = bytes.count == pageBytes
        var lines: [Line] = []
        var start = 0
        while start < bytes.count {
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
            guard let end = newline ?? (final && !full ? bytes.count : nil) else { break }
            let line = bytes[start..<end]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                do throws(LineProblem) {
                    lines.append(Line(end: offset + min(end + 1, bytes.count), data: try Self.parse(line)))
                } catch {
                    throw .badTrainerOutput(
                        file: path, line: try lineNumber(at: offset + start, in: file), field: error.field, expected: error.expected)
                }
            }
            start = end + 1
        }
        if full && start == 0 {
            throw .badTrainerOutput(
                file: path, line: try lineNumber(at: offset, in: file), field: nil,
                expected: "a line longer than \(pageBytes >> 10) KiB; expected one short JSON object per line")
        }
        return (lines, full)
    }

    /// What is wrong with one line, before its file and line number are known.
    struct LineProblem: Error {
        var field: String?
        var expected: String
    }

    /// A line's numbers: `step` (required, a whole number), the metrics ftsweep knows (numbers or
    /// null), and any other numeric field, kept as it is. Other fields are ignored.
    static func parse(_ line: ArraySlice<UInt8>) throws(LineProblem) -> [String: Double] {
        guard let fields = try? JSONDecoder().decode([String: JSONField].self, from: Data(line)) else {
            throw LineProblem(
                field: nil, expected: "expected one JSON object per line, such as {\"step\": 1, \"train_loss\": 0.5}")
        }
        guard case .number(let step) = fields["step"], step >= 0, step.rounded() == step, step < 1e15 else {
            throw LineProblem(
                field: "step",
                expected: "expected a whole number of at least 0, found \(fields["step"]?.kind ?? "nothing")")
        }
        var data: [String: Double] = [:]
        for (name, field) in fields {
            switch field {
            case .number(let value): data[name] = value
            case .null: break
            case .other where metricNames.contains(name) || name == "total_steps":
                throw LineProblem(field: name, expected: "expected a number, found \(field.kind)")
            case .other: break
            }
        }
        if let total = data["total_steps"], total.rounded() != total || total < 0 {
            throw LineProblem(field: "total_steps", expected: "expected a whole number of at least 0, found \(total)")
        }
        return data
    }

    /// The 1-based line that starts at `offset`; counted only when a line is reported, a page at a time.
    private func lineNumber(at offset: Int, in file: TrainerFile) throws(ProviderError) -> Int {
        var line = 1
        var position = 0
        while position < offset {
            let bytes = try file.read(at: position, count: min(Self.pageBytes, offset - position))
            if bytes.isEmpty { break }
            line += bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            position += bytes.count
        }
        return line
    }
}

/// One JSON value of a metrics line, as much as the contract needs to know of it.
enum JSONField: Decodable, Equatable {
    case number(Double)
    case null
    case other(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if (try? container.decode(Bool.self)) != nil {
            self = .other("true or false")
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .other("the text \"\(text.prefix(40))\"")
        } else {
            self = .other("a list, an object or a number out of range")
        }
    }

    /// How an error message names the value.
    var kind: String {
        switch self {
        case .number(let value): "\(value)"
        case .null: "null"
        case .other(let kind): kind
        }
    }
}
