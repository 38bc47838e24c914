import Crypto
import SweepCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The identity of a dataset: `sha256:` and the hex SHA-256 of its exact bytes.
public struct DatasetDigest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    init(_ digest: SHA256.Digest) {
        rawValue = "sha256:" + digest.hex
    }

    /// The hex digits without the `sha256:` scheme.
    public var hex: String { String(rawValue.dropFirst("sha256:".count)) }
    /// The first 12 hex digits, as tables show it.
    public var short: String { String(hex.prefix(12)) }
    public var description: String { rawValue }

    public static func < (lhs: DatasetDigest, rhs: DatasetDigest) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Streams the file through SHA-256 in 1 MiB reads.
    public static func of(file path: String) throws(DatasetError) -> (digest: DatasetDigest, bytes: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var hasher = SHA256()
        var total = 0
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, size)
            guard count >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += count
        }
        return (DatasetDigest(hasher.finalize()), total)
    }

    /// The digest of bytes in memory.
    public static func of(bytes: [UInt8]) -> DatasetDigest { DatasetDigest(SHA256.hash(data: bytes)) }
}
