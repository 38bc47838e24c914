import Ledger
import Orchestration

/// One file for `ftsweep ingest`: result CSV (plain or base64), legacy compiled_results.csv,
/// events (page, array, JSONL) or a checkpoints page. Errors are expected; a trap is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResultImporter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ImportedResults.read(bytes, file: "fuzz")
    // The CSV reader directly too: content that looks like JSON never reaches it through `read`.
    _ = try? ResultFile.parse(bytes)
    return 0
}
