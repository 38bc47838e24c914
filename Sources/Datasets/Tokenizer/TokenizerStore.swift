import CTokenizerRanks
import Foundation
import SweepCore

/// Loads BPE rank files: the ones linked into ftsweep, or those in a folder that overrides them
/// (`$FTSWEEP_TOKENIZERS`). Either way the SHA-256 is checked before use.
public struct TokenizerStore: Sendable {
    /// A folder of `.tiktoken` files used instead of the built-in ones; nil uses the built-in ones.
    public var overrideDirectory: String?

    public init(overrideDirectory: String? = nil) {
        self.overrideDirectory = overrideDirectory
    }

    /// The built-in rank files, unless `$FTSWEEP_TOKENIZERS` names a folder to use instead.
    public static func standard(environment: [String: String]) -> TokenizerStore {
        TokenizerStore(overrideDirectory: environment["FTSWEEP_TOKENIZERS"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Loads the encoding, verifying the rank file's SHA-256 before use.
    public func load(_ name: TokenEncodingName) throws(DatasetError) -> BPEEncoding {
        let (contents, source) = try rankFile(name)
        let found = DatasetDigest.of(bytes: contents).hex
        guard found == name.rankFileSHA256 else {
            throw .rankFileMismatch(path: source, expected: name.rankFileSHA256, found: found)
        }
        return BPEEncoding(name: name, ranks: try RankFile.parse(contents, path: source))
    }

    /// The rank file's bytes and where they came from, for messages.
    private func rankFile(_ name: TokenEncodingName) throws(DatasetError) -> (bytes: [UInt8], source: String) {
        guard let overrideDirectory else { return (Self.builtIn(name), "built-in \(name.rawValue).tiktoken") }
        let path = "\(overrideDirectory)/\(name.rawValue).tiktoken"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .tokenizerUnavailable(
                encoding: name.rawValue,
                reason: "\(path) cannot be read; FTSWEEP_TOKENIZERS replaces the built-in rank files, unset it to use them")
        }
        return ([UInt8](data), path)
    }

    /// The rank file linked into the binary (`Sources/CTokenizerRanks`).
    private static func builtIn(_ name: TokenEncodingName) -> [UInt8] {
        var count = 0
        let start =
            switch name {
            case .o200kBase: ftsweep_o200k_base_bytes(&count)
            case .cl100kBase: ftsweep_cl100k_base_bytes(&count)
            }
        return [UInt8](UnsafeBufferPointer(start: start, count: count))
    }
}

extension TokenizerStore {
    /// An exact counter when the rank file can be had; otherwise the estimate, with the reason.
    public func counter(for encoding: TokenEncodingName) -> (counter: TokenCounter, unavailable: DatasetError?) {
        do {
            return (.exact(try load(encoding)), nil)
        } catch {
            return (.estimated, error)
        }
    }
}
