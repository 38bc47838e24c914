import Orchestration

/// `eval` as text: accuracy against the majority baseline, then per label.
public struct EvaluationView {
    public var result: EvaluationResult

    public init(_ result: EvaluationResult) { self.result = result }

    public func render() -> String {
        var table = TextTable([.init("LABEL"), .init("CORRECT", .right), .init("TOTAL", .right), .init("ACCURACY", .right)])
        for (label, count) in result.perClass.sorted(by: { $0.key < $1.key }) where result.perClass.count <= 50 {
            table.add([label, String(count.correct), String(count.total), Formatting.fixed(Double(count.correct) / Double(max(1, count.total)), 3)])
        }
        return """
            \(result.model): accuracy \(Formatting.fixed(result.accuracy, 3)) (\(result.exactMatches)/\(result.examples) exact), \
            majority baseline \(Formatting.fixed(result.majorityBaseline, 3))

            \(table.render())
            """
    }
}
