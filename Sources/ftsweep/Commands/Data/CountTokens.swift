import ArgumentParser
import Datasets
import Foundation
import Reports
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

        @Argument(help: ArgumentHelp("Text files, or - for standard input.", valueName: "file"), completion: .file())
        var files: [String]

        @Option(help: ArgumentHelp("The encoding: o200k_base or cl100k_base (default: the model's).", valueName: "name"))
        var encoding: TokenEncodingName?

        @Option(help: ArgumentHelp("A model whose encoding to use.", valueName: "model"))
        var model: String = ModelCatalog.defaultModel

        @OptionGroup var output: FormatOption

        func run() async throws {
            let name = encoding ?? ModelCatalog.standard.info(for: model).encoding
            let store = TokenizerStore.standard(environment: ProcessInfo.processInfo.environment)
            let bpe: BPEEncoding
            do { bpe = try store.load(name) } catch { throw CommandFailure(error) }
            var counts: [TokenCountLine] = []
            for file in files {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
                guard let data else { throw CommandFailure(DatasetError.unreadable(path: file, reason: "cannot open")) }
                let tokens = bpe.count(String(decoding: data, as: UTF8.self))
                counts.append(TokenCountLine(path: file, encoding: name.rawValue, tokens: tokens))
                if output.format == .table { print("\(tokens)  \(file)") }
            }
            if output.format == .json { print(try JSONOutput.render(counts)) }
        }
    }
}

extension TokenEncodingName: ExpressibleByArgument {}

private struct TokenCountLine: Encodable {
    var path: String
    var encoding: String
    var tokens: Int
}
