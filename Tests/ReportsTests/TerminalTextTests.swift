import Reports
import Testing

/// Names from a ledger or a server reach terminals only with their control characters made visible.
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain-name_1.0", "plain-name_1.0"),
        ("evil\u{1B}]0;pwned\u{07}", "evil\\u{1B}]0;pwned\\u{7}"),
        ("clear\u{1B}[2J", "clear\\u{1B}[2J"),
        ("c1\u{9B}31m", "c1\\u{9B}31m"),
        ("del\u{7F}", "del\\u{7F}"),
        ("bidi\u{202E}txt.exe", "bidi\\u{202E}txt.exe"),
        ("two\nlines\tand tab", "two\\u{A}lines\\u{9}and tab"),
        ("héllo ✓", "héllo ✓"),
    ])
    func controlCharactersAreEscaped(raw: String, shown: String) {
        #expect(TerminalText.escape(raw) == shown)
    }

    @Test func messagesKeepTheirLinesAndTabs() {
        #expect(TerminalText.escape("a\n\tb\u{1B}", keepingLines: true) == "a\n\tb\\u{1B}")
    }

    @Test func tableCellsAreEscapedAndAlignedOnWhatIsShown() {
        var table = TextTable([.init("NAME"), .init("N", .right)])
        table.add(["x\u{1B}[2J", "1"])
        table.add(["ok", "22"])
        #expect(table.render() == """
            NAME         N
            x\\u{1B}[2J   1
            ok          22
            """)
    }
}
