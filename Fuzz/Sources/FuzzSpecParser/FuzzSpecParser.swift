import SweepCore

/// One sweep spec's text (YAML or JSON), parsed and checked as `sweep plan` does before it
/// expands the trials. Errors are expected; a trap or a hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpecParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? SpecParser(file: "fuzz.yaml", text: text).parse()
    return 0
}
