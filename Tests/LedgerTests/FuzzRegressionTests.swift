import Foundation
@testable import Ledger
import SweepCore
import Testing

/// Inputs the fuzz targets in Fuzz/ crashed on, kept as they were found.
@Suite struct LedgerFuzzRegressionTests {
    /// FuzzRunFilter: a whole number past Int's range compared with a text field trapped in `Int(_:)`.
    @Test func aHugeNumberForATextFieldIsBoundAsText() throws {
        let crash = try #require(Data(base64Encoded: "bW9kZWwgaW4gKGEsIDFlMzAwLCAzdmFsczpsYXMp"))
        let text = String(decoding: crash, as: UTF8.self)
        #expect(text == "model in (a, 1e300, 3vals:las)")
        let (sql, values) = try Ledger.sql(for: RunQuery(filter: try RunFilterParser.parse(text)))
        #expect(sql.contains("r.model IN (?, ?, ?)"))
        #expect(values == [.text("a"), .text("1e+300"), .text("3vals:las")])
    }

    /// The fix keeps whole numbers in range written without a point, and infinities bind too.
    @Test func wholeNumbersInRangeStayWithoutAPoint() throws {
        let (_, values) = try Ledger.sql(for: RunQuery(filter: try RunFilterParser.parse("model = 3.0 or model = -0 or model = -1e999")))
        #expect(values.prefix(2) == [.text("3"), .text("0")])
        #expect(values.count == 3)
    }
}
