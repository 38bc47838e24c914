import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads an API key from a file that only its owner can read, as ssh does with private keys: a key
/// that others can read is refused rather than used.
public enum APIKeyFile {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case unreadable(path: String)
        case tooOpen(path: String, mode: UInt32)
        case notOwned(path: String)
        case empty(path: String)

        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read the API key file \(path)"
            case let .tooOpen(path, mode):
                "the API key file \(path) can be read by others (mode \(String(mode & 0o777, radix: 8))); run 'chmod 600 \(path)'"
            case .notOwned(let path): "the API key file \(path) belongs to another user"
            case .empty(let path): "the API key file \(path) is empty"
            }
        }
    }

    /// The key: the file's first line, trimmed.
    public static func read(_ path: String) throws(Failure) -> String {
        var status = stat()
        guard stat(path, &status) == 0, let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        guard status.st_mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: status.st_mode) }
        guard status.st_uid == geteuid() else { throw .notOwned(path: path) }
        let key = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !key.isEmpty else { throw .empty(path: path) }
        return key
    }
}
