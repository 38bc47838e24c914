import Foundation

/// In how many training examples each hashed prompt feature row occurs, counted once when a fresh
/// base model is made with `idf` and kept in its shape, so the model answers with the weights it
/// was trained with. Only the rows that occur are stored, ascending.
public struct DocumentFrequencies: Sendable, Equatable, Codable {
    /// Training examples counted (each assistant message to learn is one document).
    public var documents: Int
    public var rows: [Int32]
    public var counts: [Int]

    /// Counts over the examples of a training file, read with `shape` (which must not weigh by idf itself).
    static func counting(_ path: String, shape: LocalBaseModel) throws -> DocumentFrequencies {
        let examples = try ExampleReader.read(path: path, shape: shape)
        guard !examples.isEmpty else { throw TrainerError.noExamples(path: path) }
        var frequencies: [Int32: Int] = [:]
        for example in examples {
            for row in example.promptFeatures.ids { frequencies[row, default: 0] += 1 }
        }
        let rows = frequencies.keys.sorted()
        return DocumentFrequencies(documents: examples.count, rows: rows, counts: rows.map { frequencies[$0] ?? 0 })
    }

    /// Scikit-learn's smoothed idf, ln((1 + n) / (1 + df)) + 1, so a row in every example weighs 1;
    /// 0 for a row no training example has, as a vocabulary learned from the training file drops
    /// unknown words.
    public func weight(row: Int32) -> Float {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle] < row { low = middle + 1 } else { high = middle }
        }
        guard low < rows.count, rows[low] == row else { return 0 }
        return Float(log(Double(1 + documents) / Double(1 + counts[low])) + 1)
    }

    /// The features with each weight multiplied by its row's idf.
    func weighing(_ features: PromptFeatures) -> PromptFeatures {
        PromptFeatures(ids: features.ids, weights: zip(features.ids, features.weights).map { $1 * weight(row: $0) })
    }
}
