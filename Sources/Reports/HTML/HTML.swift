/// Text made safe for HTML, and the few markup shapes the report repeats.
public enum HTML {
    /// Escapes text for element content and quoted attribute values: ledger strings are never markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A `<section>` with an anchor id, a heading, an optional note under it, and its content.
    static func section(id: String, title: String, note: String? = nil, _ content: String) -> String {
        let lead = note.map { "<p class=\"note\">\(escape($0))</p>\n" } ?? ""
        return "<section id=\"\(id)\">\n<h2>\(escape(title))</h2>\n\(lead)\(content)\n</section>\n"
    }

    /// A chart in a box that scrolls sideways where the screen is narrower than the chart's minimum width.
    static func figure(_ svg: String) -> String { "<div class=\"figure\">\n\(svg)\n</div>" }
}
