import Datasets
import Foundation
import SweepCore

/// The validator `ftsweep data validate` runs, with small chunks so that inputs of a few lines
/// still cross chunk boundaries; exact token counts when the rank files are at hand.
private let validator: DatasetValidator = {
    let store = TokenizerStore.standard(environment: ProcessInfo.processInfo.environment, fetch: nil)
    let model = ModelCatalog.standard.info(for: ModelCatalog.defaultModel)
    var validator = DatasetValidator(counter: store.counter(for: model.encoding).counter, model: model, epochs: nil, pricesAsOf: "fuzz")
    validator.chunkSize = 256
    validator.workers = 2
    return validator
}()

/// The validator reads only paths, so each input is written to this one file first.
private let path = NSTemporaryDirectory() + "ftsweep-fuzz-\(getpid()).jsonl"

/// One JSONL file: validated as training data, then as validation data against itself (every
/// example overlaps). Also one strict-parser property: a parsed value's compact JSON parses back
/// to the same value. Problems in the data are expected; a trap, a hang or a broken property is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLChecker(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes)) else { fatalError("cannot write \(path)") }
    do {
        let (_, index) = try validator.validateTraining(path: path)
        _ = try validator.validateValidation(path: path, against: [(path, index)])
    } catch {
        fatalError("a readable file must validate, not throw: \(error)")
    }
    checkRoundTrip(bytes)
    return 0
}

private func checkRoundTrip(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let text = String(validating: bytes, as: UTF8.self), let value = try? JSONParser.parse(text), value.hasOnlyFiniteNumbers else { return }
    let compact = value.compactJSON
    guard let reparsed = try? JSONParser.parse(compact), reparsed == value else {
        fatalError("compact JSON \(compact) does not parse back to the value of \(text)")
    }
}

extension JSONValue {
    /// Infinite numbers (`1e999`) have no JSON text, so the round trip cannot hold for them.
    fileprivate var hasOnlyFiniteNumbers: Bool {
        switch self {
        case .number(let number): number.isFinite
        case .array(let elements): elements.allSatisfy(\.hasOnlyFiniteNumbers)
        case .object(let object): object.members.allSatisfy(\.value.hasOnlyFiniteNumbers)
        case .null, .bool, .string: true
        }
    }
}
