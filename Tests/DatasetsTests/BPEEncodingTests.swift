import Datasets
import Foundation
import HTTPClient
import SweepCore
import TestSupport
import Testing

private struct TokenizerCase: Decodable, Sendable, CustomTestStringConvertible {
    var text: String
    var o200k_base: [Int]
    var cl100k_base: [Int]
    var testDescription: String { String(text.unicodeScalars.prefix(40).map(Character.init)) }
}

private let cases: [TokenizerCase] = {
    let path = TestPaths.fixture("DatasetsTests", "tokenizer/cases.json")
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return (try? JSONDecoder().decode([TokenizerCase].self, from: data)) ?? []
}()

private let store = TokenizerStore(searchDirectories: [TestPaths.tokenizers], cacheDirectory: "/nonexistent", fetch: nil)

@Suite struct BPEEncodingTests {
    @Test func theCorpusHoldsAtLeastThreeHundredCases() {
        #expect(cases.count >= 300)
    }

    @Test(arguments: TokenEncodingName.allCases)
    func idsEqualTiktokensOnTheWholeCorpus(_ name: TokenEncodingName) throws {
        let encoding = try store.load(name)
        var mismatches: [String] = []
        for item in cases {
            let expected = name == .o200kBase ? item.o200k_base : item.cl100k_base
            let ids = encoding.encode(item.text)
            if ids != expected { mismatches.append("\(item.testDescription.debugDescription): \(ids) != \(expected)") }
            #expect(encoding.count(item.text) == expected.count)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func decodingInvertsEncoding() throws {
        let encoding = try store.load(.o200kBase)
        for item in cases.prefix(200) {
            #expect(encoding.decode(encoding.encode(item.text)) == Array(item.text.utf8))
        }
    }

    @Test func aRankFileWithOtherBytesIsRefused() throws {
        let directory = TestPaths.scratchDirectory("ranks")
        let path = "\(directory)/cl100k_base.tiktoken"
        _ = FileManager.default.createFile(atPath: path, contents: Data("YQ== 0\n".utf8))
        let tampered = TokenizerStore(searchDirectories: [directory], cacheDirectory: directory, fetch: nil)
        #expect(throws: DatasetError.self) { try tampered.load(.cl100kBase) }
    }

    @Test func aMissingRankFileWithoutDownloadSaysWhereItLooked() {
        let empty = TokenizerStore(searchDirectories: ["/nonexistent"], cacheDirectory: "/nonexistent", fetch: nil)
        #expect(throws: DatasetError.tokenizerUnavailable(
            encoding: "o200k_base", reason: "not found in /nonexistent; set FTSWEEP_TOKENIZERS")) {
            try empty.load(.o200kBase)
        }
    }
}

@Suite struct RankFileDownloadTests {
    @Test func aMissingRankFileIsDownloadedCheckedAndCached() throws {
        let ranks = try #require(FileManager.default.contents(atPath: "\(TestPaths.tokenizers)/cl100k_base.tiktoken"))
        let cache = TestPaths.scratchDirectory("cache")
        let server = try StaticFileServer(files: ["/encodings/cl100k_base.tiktoken": [UInt8](ranks)])
        defer { server.stop() }
        let port = server.port
        let store = TokenizerStore(searchDirectories: [cache], cacheDirectory: cache) { url in
            // The published address, redirected to the loopback server.
            #expect(url == TokenEncodingName.cl100kBase.publicURL)
            return try HTTPClient().download("http://127.0.0.1:\(port)/encodings/cl100k_base.tiktoken")
        }
        let encoding = try store.load(.cl100kBase)
        #expect(encoding.encode("hello world") == [15339, 1917])
        #expect(FileManager.default.fileExists(atPath: "\(cache)/cl100k_base.tiktoken"))
    }
}
