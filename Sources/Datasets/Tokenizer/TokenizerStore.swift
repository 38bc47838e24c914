import Foundation
import SweepCore

/// Finds, verifies and loads BPE rank files: `$FTSWEEP_TOKENIZERS`, then `~/.cache/ftsweep/tokenizers/`,
/// then a download (through the caller's `fetch`, so this module does no networking) saved to the cache.
public struct TokenizerStore: Sendable {
    /// Downloads a URL's body; the CLI passes the libcurl client.
    public typealias Fetch = @Sendable (String) throws -> [UInt8]

    public var searchDirectories: [String]
    public var cacheDirectory: String
    public var fetch: Fetch?

    public init(searchDirectories: [String], cacheDirectory: String, fetch: Fetch?) {
        self.searchDirectories = searchDirectories
        self.cacheDirectory = cacheDirectory
        self.fetch = fetch
    }

    /// The standard locations, from the environment.
    public static func standard(environment: [String: String], fetch: Fetch?) -> TokenizerStore {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let cache = environment["XDG_CACHE_HOME"].map { "\($0)/ftsweep/tokenizers" } ?? "\(home)/.cache/ftsweep/tokenizers"
        let explicit = environment["FTSWEEP_TOKENIZERS"].map { [$0] } ?? []
        return TokenizerStore(searchDirectories: explicit + [cache], cacheDirectory: cache, fetch: fetch)
    }

    /// Loads the encoding, verifying the rank file's SHA-256 before use.
    public func load(_ name: TokenEncodingName) throws(DatasetError) -> BPEEncoding {
        let fileName = "\(name.rawValue).tiktoken"
        for directory in searchDirectories {
            let path = "\(directory)/\(fileName)"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let contents = try Self.read(path)
            try Self.verify(contents, name: name, path: path)
            return BPEEncoding(name: name, ranks: try RankFile.parse(contents, path: path))
        }
        guard let fetch else {
            throw .tokenizerUnavailable(
                encoding: name.rawValue,
                reason: "not found in \(searchDirectories.joined(separator: ", ")); set FTSWEEP_TOKENIZERS")
        }
        let contents: [UInt8]
        do {
            contents = try fetch(name.publicURL)
        } catch {
            throw .tokenizerUnavailable(encoding: name.rawValue, reason: "download failed: \(error)")
        }
        try Self.verify(contents, name: name, path: name.publicURL)
        try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(cacheDirectory)/\(fileName)", contents: Data(contents))
        return BPEEncoding(name: name, ranks: try RankFile.parse(contents, path: name.publicURL))
    }

    private static func read(_ path: String) throws(DatasetError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot open")
        }
        return [UInt8](data)
    }

    private static func verify(_ contents: [UInt8], name: TokenEncodingName, path: String) throws(DatasetError) {
        let found = DatasetDigest.of(bytes: contents).hex
        guard found == name.rankFileSHA256 else {
            throw .rankFileMismatch(path: path, expected: name.rankFileSHA256, found: found)
        }
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
