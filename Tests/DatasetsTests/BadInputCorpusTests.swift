import Datasets
import Foundation
import SweepCore
import TestSupport
import Testing

private struct BadFile: Sendable, CustomTestStringConvertible {
    var file: String
    var key: String
    var line: Int?
    var testDescription: String { file }
}

private let manifest: [BadFile] = {
    let path = TestPaths.fixture("DatasetsTests", "bad/MANIFEST.tsv")
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").dropFirst().map { row in
        let fields = row.split(separator: "\t").map(String.init)
        return BadFile(file: fields[0], key: fields[1], line: Int(fields[2]))
    }
}()

private let validator: DatasetValidator = {
    let store = TokenizerStore()
    let model = ModelCatalog.standard.info(for: ModelCatalog.defaultModel)
    return DatasetValidator(counter: store.counter(for: model.encoding).counter, model: model, epochs: nil, pricesAsOf: "test")
}()

@Suite struct BadInputCorpusTests {
    @Test func theCorpusHoldsAtLeastThirtyFiles() {
        #expect(manifest.count >= 30)
    }

    @Test(arguments: manifest)
    fileprivate func eachFileFailsWithItsKeyAtItsLine(_ bad: BadFile) throws {
        let report = try validator.validateTraining(path: TestPaths.fixture("DatasetsTests", "bad/\(bad.file)")).report
        #expect(!report.isValid)
        let errors = report.problems.filter { $0.severity == .error }
        #expect(errors.map(\.key.rawValue) == [bad.key], "\(report.problems.map { $0.formatted(path: bad.file) })")
        #expect(errors.first?.line == bad.line)
    }
}
