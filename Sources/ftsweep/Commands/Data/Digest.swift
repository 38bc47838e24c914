import ArgumentParser
import Datasets

extension DataCommand {
    /// `ftsweep data digest`: the identity the ledger gives a file.
    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the SHA-256 digest the ledger identifies each file by (like sha256sum).",
            discussion: """
                Examples:
                  ftsweep data digest train.jsonl valid.jsonl
                """)

        @Argument(help: ArgumentHelp("Files to digest.", valueName: "file"))
        var files: [String]

        func run() async throws {
            for file in files {
                do {
                    print("\(try DatasetDigest.of(file: file).digest.hex)  \(file)")
                } catch {
                    throw CommandFailure(error)
                }
            }
        }
    }
}
