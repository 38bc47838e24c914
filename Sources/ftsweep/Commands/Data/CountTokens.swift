import ArgumentParser
import Datasets
import Foundation
import SweepCore

extension DataCommand {
    /// `ftsweep data count-tokens`: exact BPE counts of plain text.
    struct CountTokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "count-tokens",
            abstract: "Count the tokens of plain text files exactly, as tiktoken's encode_ordinary does.",
            discussion: """
                Examples:
                  ftsweep data count-tokens notes.txt
                  ftsweep data count-tokens prompt.txt --encoding cl100k_base
                  echo "hello world" | ftsweep data count-tokens -
                """)

        @Argument(help: ArgumentHelp("Text files, or - for standard input.", valueName: "file"))
        var files: [String]

        @Option(help: ArgumentHelp("The encoding: o200k_base or cl100k_base (default: the model's).", valueName: "name"))
        var encoding: TokenEncodingName?

        @Option(help: ArgumentHelp("A model whose encoding to use.", valueName: "model"))
        var model: String = ModelCatalog.defaultModel

        func run() async throws {
            let name = encoding ?? ModelCatalog.standard.info(for: model).encoding
            let store = TokenizerStore.standard(environment: ProcessInfo.processInfo.environment, fetch: nil)
            let bpe: BPEEncoding
            do { bpe = try store.load(name) } catch { throw CommandFailure(error) }
            for file in files {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
                guard let data else { throw CommandFailure(DatasetError.unreadable(path: file, reason: "cannot open")) }
                print("\(bpe.count(String(decoding: data, as: UTF8.self)))  \(file)")
            }
        }
    }
}

extension TokenEncodingName: ExpressibleByArgument {}
