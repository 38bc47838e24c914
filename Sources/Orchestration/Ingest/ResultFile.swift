import Foundation
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

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> [MetricRow] {
        var text = String(decoding: bytes, as: UTF8.self)
        if !text.hasPrefix("step,"), let decoded = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            text = String(decoding: decoded, as: UTF8.self)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init), header.first == "step" else {
            throw Failure(line: 1, message: "expected a header starting with 'step'")
        }
        var rows: [MetricRow] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count, let step = Int(cells[0]) else {
                throw Failure(line: offset + 1, message: "expected \(header.count) cells starting with a step number")
            }
            var row = MetricRow(step: step)
            for (name, cell) in zip(header, cells).dropFirst() where !cell.isEmpty {
                guard let value = Double(cell) else { throw Failure(line: offset + 1, message: "'\(cell)' in column \(name) is not a number") }
                row.set(name, value)
            }
            rows.append(row)
        }
        return rows
    }
}

extension MetricRow {
    /// Sets a value by its name in result files or metrics events.
    mutating func set(_ name: String, _ value: Double) {
        switch name {
        case "train_loss", "training_loss": trainLoss = value
        case "train_accuracy", "train_mean_token_accuracy", "training_token_accuracy": trainAccuracy = value
        case "valid_loss", "validation_loss": validLoss = value
        case "valid_mean_token_accuracy", "valid_accuracy", "validation_token_accuracy": validAccuracy = value
        case "full_valid_loss": fullValidLoss = value
        case "full_valid_mean_token_accuracy", "full_valid_accuracy": fullValidAccuracy = value
        default: break
        }
    }

    /// The row a metrics event's `data` describes, or nil when it has no step a run can have.
    init?(eventData data: [String: Double]) {
        // `Int(exactly:)`, not `Int(_:)`: a step past Int's range (`1e300`) in a hostile file trapped.
        guard let step = data["step"].flatMap({ Int(exactly: $0.rounded(.towardZero)) }) else { return nil }
        self.init(step: step)
        for (name, value) in data { set(name, value) }
    }
}
