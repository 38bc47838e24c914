import Datasets
import Foundation
import SweepCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The validator `ftsweep data validate` runs, with exact token counts when the rank files are at
/// hand. Chunks of 256 bytes make inputs of a few lines cross chunk boundaries; one worker, since a
/// thread started per batch was already most of the time of a run.
private let validator: DatasetValidator = {
    let store = TokenizerStore.standard(environment: ProcessInfo.processInfo.environment)
    let model = ModelCatalog.standard.info(for: ModelCatalog.defaultModel)
    var validator = DatasetValidator(counter: store.counter(for: model.encoding).counter, model: model, epochs: nil, pricesAsOf: "fuzz")
    validator.chunkSize = 256
    validator.workers = 1
    return validator
}()

/// The validator reads only paths, so each input is written to this one file first: in memory
/// where there is /dev/shm, since a file on disk made the writing most of the time.
private let path: String = {
    atexit { unlink(path) }
    return (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()) + "ftsweep-fuzz-\(getpid()).jsonl"
}()

/// One JSONL file: validated as training data, then as validation data against itself (every
/// example overlaps). Also one property of the strict parser: a parsed value's compact JSON parses
/// back to the same value. Problems in the data are expected; a trap, a hang or a broken property is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLChecker(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    store(bytes, at: path)
    do {
        let (_, index) = try validator.validateTraining(path: path)
        _ = try validator.validateValidation(path: path, against: [(path, index)])
    } catch {
        fatalError("a readable file must validate, not throw: \(error)")
    }
    checkRoundTrip(bytes)
    return 0
}

private func store(_ bytes: UnsafeBufferPointer<UInt8>, at path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0, bytes.isEmpty || write(fd, bytes.baseAddress, bytes.count) == bytes.count else { fatalError("cannot write \(path)") }
    close(fd)
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
