import Datasets
import Foundation
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

private let store = TokenizerStore()

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
        let tampered = TokenizerStore(overrideDirectory: directory)
        #expect(throws: DatasetError.rankFileMismatch(
            path: path, expected: TokenEncodingName.cl100kBase.rankFileSHA256,
            found: DatasetDigest.of(bytes: Array("YQ== 0\n".utf8)).hex)) { try tampered.load(.cl100kBase) }
    }

    @Test func anOverrideFolderWithoutTheFileSaysSoAndHowToUseTheBuiltInOnes() {
        let empty = TokenizerStore(overrideDirectory: "/nonexistent")
        #expect(throws: DatasetError.tokenizerUnavailable(
            encoding: "o200k_base",
            reason: "/nonexistent/o200k_base.tiktoken cannot be read; FTSWEEP_TOKENIZERS replaces the built-in rank files, unset it to use them")) {
            try empty.load(.o200kBase)
        }
    }

    @Test func theStandardStoreUsesTheBuiltInFilesUnlessTheVariableIsSet() throws {
        #expect(TokenizerStore.standard(environment: [:]).overrideDirectory == nil)
        #expect(TokenizerStore.standard(environment: ["FTSWEEP_TOKENIZERS": ""]).overrideDirectory == nil)
        #expect(TokenizerStore.standard(environment: ["FTSWEEP_TOKENIZERS": "/r"]).overrideDirectory == "/r")
        #expect(try TokenizerStore().load(.cl100kBase).encode("hello world") == [15339, 1917])
        #expect(try TokenizerStore().load(.o200kBase).encode("hello world") == [24912, 2375])
    }
}
