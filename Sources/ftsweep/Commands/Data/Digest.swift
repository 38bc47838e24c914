import ArgumentParser
import Datasets
import Reports

extension DataCommand {
    /// `ftsweep data digest`: the identity the ledger gives a file.
    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "Print the SHA-256 digest the ledger identifies each file by (like sha256sum).",
            discussion: """
                Examples:
                  ftsweep data digest train.jsonl valid.jsonl
                """)

        @Argument(help: ArgumentHelp("Files to digest.", valueName: "file"), completion: .file())
        var files: [String]

        @OptionGroup var output: FormatOption

        func run() async throws {
            var digests: [FileDigestLine] = []
            for file in files {
                do {
                    let (digest, bytes) = try DatasetDigest.of(file: file)
                    digests.append(FileDigestLine(path: file, digest: digest.rawValue, bytes: bytes))
                    if output.format == .table { print("\(digest.hex)  \(file)") }
                } catch {
                    throw CommandFailure(error)
                }
            }
            if output.format == .json { print(try JSONOutput.render(digests)) }
        }
    }
}

private struct FileDigestLine: Encodable {
    var path: String
    var digest: String
    var bytes: Int
}
