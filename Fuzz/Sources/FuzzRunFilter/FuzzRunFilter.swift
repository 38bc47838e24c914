import Ledger
import SweepCore

/// One `--where` expression: parsed, then compiled to the ledger's SQL as `runs ls` does.
/// Errors are expected; a trap or a hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunFilter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let filter = try? RunFilterParser.parse(text) else { return 0 }
    _ = try? Ledger.sql(for: RunQuery(filter: filter))
    return 0
}
