import Foundation

/// Machine-readable output: pretty, sorted-key JSON, stable across runs for scripts and diffs.
/// Names are snake_case, as in `--where` and CSV (data keys such as labels and model ids are kept
/// as they are: the encoder converts property names only), money is a plain number of dollars.
public enum JSONOutput {
    public static func render<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]).encode(value), as: UTF8.self)
    }

    /// One compact JSON line, for JSONL output.
    public static func line<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder([.sortedKeys, .withoutEscapingSlashes]).encode(value), as: UTF8.self)
    }

    private static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // A diverged figure is kept in the ledger as it was reported; JSON has no number for it.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
