/// A whole self-contained page: inline style and scripts, no external resources, so it opens
/// offline and from a mail attachment alike.
public struct HTMLDocument: Sendable {
    public var title: String
    /// The body's markup, already escaped where it holds text.
    public var body: String

    public init(title: String, body: String) {
        self.title = title
        self.body = body
    }

    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en" data-errors="0">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="ftsweep report">
        <title>\(HTML.escape(title))</title>
        <style>
        \(ReportStyle.css)
        </style>
        <script>
        \(ReportScript.errorRecorder)
        </script>
        </head>
        <body>
        <main>
        \(body)
        </main>
        <script>
        \(ReportScript.controls)
        </script>
        </body>
        </html>

        """
    }
}
