import SweepCore
import Testing

@Suite struct ModelCatalogTests {
    @Test(arguments: [
        ("gpt-4o-mini-2024-07-18", TokenEncodingName.o200kBase),
        ("ft:gpt-4o-mini-2024-07-18:acme::abc123", .o200kBase),
        ("ft:gpt-4.1-2025-04-14:acme:support:xyz", .o200kBase),  // tiktoken's prefix table says cl100k here
        ("gpt-5-mini", .o200kBase),
        ("gpt-3.5-turbo-0125", .cl100kBase),
        ("ft:gpt-3.5-turbo-0613:acme::a1", .cl100kBase),
        ("gpt-4-0613", .cl100kBase),
        ("davinci-002", .cl100kBase),
    ])
    func modelNamesResolveToTheirEncoding(_ name: String, _ encoding: TokenEncodingName) {
        #expect(ModelCatalog.standard.info(for: name).encoding == encoding)
    }

    @Test func aSnapshotlessNameTakesItsSnapshotsPriceAndLimit() {
        let info = ModelCatalog.standard.info(for: "gpt-4o-mini")
        #expect(info.isKnown)
        #expect(info.trainingPricePerMillion == USD(dollars: "3.00"))
        #expect(info.trainingTokenLimit == 65_536)
    }

    @Test func unknownModelsAreMarkedAndFree() {
        let info = ModelCatalog.standard.info(for: "my-own-model")
        #expect(!info.isKnown)
        #expect(info.trainingPricePerMillion == .zero)
    }

    @Test func trainingCostIsExactInNanoDollars() {
        let nano = ModelCatalog.standard.info(for: "gpt-4.1-nano-2025-04-14")  // $1.50 per million
        #expect(nano.trainingCost(tokens: 1_000_000) == USD(dollars: "1.5"))
        #expect(nano.trainingCost(tokens: 1) == USD(nanos: 1_500))
        // The guide's example: 100k tokens for 3 epochs is about $0.90 on gpt-4o-mini.
        #expect(ModelCatalog.standard.info(for: "gpt-4o-mini-2024-07-18").trainingCost(tokens: 300_000).description == "$0.90")
    }
}

@Suite struct USDTests {
    @Test(arguments: [("25.00", Int64(25_000_000_000)), ("0.40", 400_000_000), ("1.5", 1_500_000_000), ("0", 0)])
    func dollarsParseExactly(_ text: String, _ nanos: Int64) {
        #expect(USD(dollars: text)?.nanos == nanos)
    }

    @Test(arguments: ["", "-1", "1.", "1.2345678901", "abc", "1.2.3"])
    func malformedPricesAreRejected(_ text: String) {
        #expect(USD(dollars: text) == nil)
    }

    @Test func roundingIsHalfAwayFromZeroToTheCent() {
        #expect(USD(nanos: 5_000_000).description == "$0.01")
        #expect(USD(nanos: 4_999_999).description == "$0.00")
        #expect(USD(nanos: 123_456_789_000).formatted(decimals: 4) == "$123.4568")
    }
}
