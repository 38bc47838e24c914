import Foundation
import Ledger

/// Scores answers against references: classifier figures when the references are labels,
/// exact match and token F1 always.
public enum EvaluationScoring {
    /// The class every answer that is not one of the references' labels counts as.
    public static let otherLabel = "(other)"

    /// References are labels when they are few and short: at most 50 distinct values of one line and
    /// at most 5 words each, every label used at least twice on average.
    public static func looksLikeLabels(_ references: [String]) -> Bool {
        let distinct = Set(references.map(normalized))
        guard !references.isEmpty, distinct.count <= 50, distinct.count * 2 <= references.count else { return false }
        return distinct.allSatisfy { label in
            !label.isEmpty && label.count <= 48 && !label.contains("\n") && label.split(separator: " ").count <= 5
        }
    }

    /// Figures for `answers[i]` against `references[i]`; `kind` forces one way of scoring.
    public static func score(
        references: [String], answers: [String], kind forced: EvaluationRecord.Kind? = nil
    ) -> (kind: EvaluationRecord.Kind, exactMatches: Int, tokenF1: Double, classes: [EvaluationRecord.ClassScore], confusion: [[Int]]) {
        precondition(references.count == answers.count, "one answer per reference")
        let kind = forced ?? (looksLikeLabels(references) ? .labels : .text)
        let exact = zip(references, answers).count { normalized($0) == normalized($1) }
        let f1 = references.isEmpty ? 0 : zip(references, answers).map(tokenF1).reduce(0, +) / Double(references.count)
        guard kind == .labels else { return (kind, exact, f1, [], []) }
        let (classes, confusion) = classify(references: references, answers: answers)
        return (kind, exact, f1, classes, confusion)
    }

    /// Per-class figures and the confusion matrix. Classes are the references' labels in sorted
    /// order, then `(other)` when some answer is none of them.
    static func classify(references: [String], answers: [String]) -> ([EvaluationRecord.ClassScore], [[Int]]) {
        var labels = Set(references.map(normalized)).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let predicted = answers.map { index[normalized($0)] ?? labels.count }
        if predicted.contains(labels.count) { labels.append(otherLabel) }
        var confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for (reference, answer) in zip(references, predicted) { confusion[index[normalized(reference)]!][answer] += 1 }
        let classes = labels.indices.map { i in
            EvaluationRecord.ClassScore(
                label: labels[i], support: confusion[i].reduce(0, +), predicted: confusion.reduce(0) { $0 + $1[i] },
                truePositives: confusion[i][i])
        }
        return (classes, confusion)
    }

    /// Unweighted means of the per-class figures (scikit-learn's `average='macro'`).
    public static func macro(_ classes: [EvaluationRecord.ClassScore]) -> (precision: Double, recall: Double, f1: Double)? {
        guard !classes.isEmpty else { return nil }
        let count = Double(classes.count)
        return (classes.map(\.precision).reduce(0, +) / count, classes.map(\.recall).reduce(0, +) / count, classes.map(\.f1).reduce(0, +) / count)
    }

    /// Trimmed text: answers count as equal when only surrounding white space differs.
    static func normalized(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// SQuAD's token F1: lower-cased words without punctuation, counted as bags.
    static func tokenF1(_ reference: String, _ answer: String) -> Double {
        let expected = tokens(reference), got = tokens(answer)
        if expected.isEmpty || got.isEmpty { return expected.isEmpty && got.isEmpty ? 1 : 0 }
        var remaining = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
        var common = 0
        for token in got where remaining[token, default: 0] > 0 {
            remaining[token]! -= 1
            common += 1
        }
        guard common > 0 else { return 0 }
        let precision = Double(common) / Double(got.count), recall = Double(common) / Double(expected.count)
        return 2 * precision * recall / (precision + recall)
    }

    static func tokens(_ text: String) -> [Substring] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }
    }
}
