import Foundation
import SweepCore
import Ledger

/// Reads OpenAI's current result CSV (plain or base64, as the files endpoint serves it) into metric rows.
public enum ResultFile {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "line \(line): \(message)" }
    }

    /// The rows of a result CSV. Bytes are scanned in place (no per-cell strings): this is the
    /// inner loop of `ingest` and `collect`, at millions of rows.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> [MetricRow] {
        if !bytes.starts(with: "step,".utf8), let decoded = Data(base64Encoded: String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
            return try parse([UInt8](decoded))
        }
        return try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
            var scanner = CSVScanner(buffer)
            return try scanner.rows()
        }
    }
}

/// A result CSV's rows read straight from its bytes: the header decides which field each cell sets.
private struct CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func rows() throws(ResultFile.Failure) -> [MetricRow] {
        let header = nextLine().split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard header.first == "step" else { throw ResultFile.Failure(line: 1, message: "expected a header starting with 'step'") }
        let fields = header.map(MetricSeries.init(key:))
        var rows: [MetricRow] = []
        rows.reserveCapacity(bytes.count / 48)
        while position < bytes.count {
            line += 1
            let cells = nextLine()
            if cells.isEmpty { continue }
            var row = MetricRow(step: 0)
            var column = 0
            var start = cells.startIndex
            while true {
                let end = cells[start...].firstIndex(of: UInt8(ascii: ",")) ?? cells.endIndex
                guard column < header.count else { throw malformed(header.count) }
                let cell = cells[start..<end]
                if column == 0 {
                    guard let step = Self.integer(cell) else { throw malformed(header.count) }
                    row.step = step
                } else if !cell.isEmpty {
                    guard let value = Self.number(cell) else {
                        throw ResultFile.Failure(line: line, message: "'\(String(decoding: cell, as: UTF8.self))' in column \(header[column]) is not a number")
                    }
                    if let series = fields[column] { row[series] = value }
                }
                column += 1
                if end == cells.endIndex { break }
                start = end + 1
            }
            guard column == header.count else { throw malformed(header.count) }
            rows.append(row)
        }
        return rows
    }

    /// The next line without its `\n` or `\r\n`.
    private mutating func nextLine() -> Slice<UnsafeBufferPointer<UInt8>> {
        let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var line = bytes[position..<end]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        position = end + 1
        return line
    }

    private func malformed(_ columns: Int) -> ResultFile.Failure {
        ResultFile.Failure(line: line, message: "expected \(columns) cells starting with a step number")
    }

    private static func integer(_ cell: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        Int(String(decoding: cell, as: UTF8.self))
    }

    /// `Double(String)`'s value, without making a String in the common case: up to 15 significant
    /// digits and a decimal point are exact as `digits / 10^k` (both exact doubles; one rounding).
    static func number(_ cell: Slice<UnsafeBufferPointer<UInt8>>) -> Double? {
        var mantissa: UInt64 = 0, digits = 0, fraction = -1, index = cell.startIndex
        let negative = cell.first == UInt8(ascii: "-")
        if negative { index += 1 }
        while index < cell.endIndex {
            let byte = cell[index]
            if byte &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                return Double(String(decoding: cell, as: UTF8.self))
            }
            index += 1
        }
        guard digits > 0, digits <= 15, fraction != 0 else { return Double(String(decoding: cell, as: UTF8.self)) }
        let value = fraction > 0 ? Double(mantissa) / powersOfTen[fraction] : Double(mantissa)
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }
}

extension MetricRow {
    /// Sets a value by its name in result files or metrics events (the catalogue's series keys); other names are not kept.
    mutating func set(_ name: String, _ value: Double) {
        if let series = MetricSeries(key: name) { self[series] = value }
    }

    /// The row a metrics event's `data` describes, or nil when it has no step a run can have.
    init?(eventData data: [String: Double]) {
        // `Int(exactly:)`, not `Int(_:)`: a step past Int's range (`1e300`) in a hostile file trapped.
        guard let step = data["step"].flatMap({ Int(exactly: $0.rounded(.towardZero)) }) else { return nil }
        self.init(step: step)
        for (name, value) in data { set(name, value) }
    }
}
