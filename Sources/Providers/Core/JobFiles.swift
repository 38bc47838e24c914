import Foundation

/// What the providers that keep their jobs in files (local, command) share: the stored JSON's shape,
/// whole-file writes, the clock their timestamps use, and job ids.
enum JobFiles {
    /// Snake-case keys in sorted order, as OpenAI's API and the ledger's bundles write them.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// Writes a whole file by rename, so readers in any process never see half of it.
    static func writeAtomically(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Seconds since 1970, as job snapshots count time.
    static func now() -> Int { Int(Date().timeIntervalSince1970) }

    /// `length` random letters and digits, for job and file ids.
    static func randomID(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
