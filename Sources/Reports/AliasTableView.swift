import Ledger

/// Aliases (or one alias's history) as a table.
public struct AliasTableView {
    public var aliases: [AliasRecord]

    public init(_ aliases: [AliasRecord]) { self.aliases = aliases }

    public func render() -> String {
        var table = TextTable([.init("ALIAS"), .init("MODEL"), .init("RUN", .right), .init("SET"), .init("REASON")])
        for alias in aliases {
            table.add([alias.name, alias.modelID, alias.runID.map(String.init) ?? "-", String(alias.setAt.prefix(19)), alias.reason ?? "-"])
        }
        return table.render()
    }
}
