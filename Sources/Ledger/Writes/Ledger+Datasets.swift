extension Ledger {
    /// Records a dataset and the path it was read from, in one transaction.
    @discardableResult
    public func registerDataset(_ dataset: DatasetRecord, path: String) throws -> DatasetRegistration {
        try database.transaction {
            let now = Ledger.now()
            let known = try database.statement("SELECT 1 FROM datasets WHERE digest = ?").scalar([.text(dataset.digest)]) != nil
            if !known {
                try database.statement("""
                    INSERT INTO datasets (digest, name, bytes, examples, tokens, assistant_tokens, encoding, tokens_exact, format, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).run([
                    .text(dataset.digest), SQLValue(dataset.name), .integer(Int64(dataset.bytes)),
                    .integer(Int64(dataset.examples)), .integer(Int64(dataset.tokens)),
                    .integer(Int64(dataset.assistantTokens)), .text(dataset.encoding),
                    .integer(dataset.tokensExact ? 1 : 0), .text(dataset.format), .text(now),
                ])
            } else if let name = dataset.name {
                try database.statement("UPDATE datasets SET name = ? WHERE digest = ?").run([.text(name), .text(dataset.digest)])
            }
            let pathKnown = try database.statement("SELECT 1 FROM dataset_paths WHERE digest = ? AND path = ?")
                .scalar([.text(dataset.digest), .text(path)]) != nil
            try database.statement("""
                INSERT INTO dataset_paths (digest, path, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (digest, path) DO UPDATE SET last_seen_at = excluded.last_seen_at
                """).run([.text(dataset.digest), .text(path), .text(now), .text(now)])
            return known ? (pathKnown ? .unchanged : .pathAdded) : .added
        }
    }

    /// Every dataset, newest first, with its paths.
    public func datasets() throws(LedgerError) -> [DatasetRecord] {
        try database.statement("\(Self.datasetColumns) ORDER BY created_at DESC, digest").rows().map(makeDataset)
    }

    /// The datasets with these exact digests, in digest order, with their paths.
    public func datasets(digests: Set<String>) throws(LedgerError) -> [DatasetRecord] {
        guard !digests.isEmpty else { return [] }
        let sorted = digests.sorted()
        return try database.statement("\(Self.datasetColumns) WHERE digest IN (\(sorted.map { _ in "?" }.joined(separator: ", "))) ORDER BY digest")
            .rows(sorted.map(SQLValue.text)).map(makeDataset)
    }

    /// The dataset whose digest starts with `key` (with or without `sha256:`), or the newest named `key`.
    public func dataset(matching key: String) throws(LedgerError) -> DatasetRecord {
        let hex = key.hasPrefix("sha256:") ? String(key.dropFirst(7)) : key
        if !hex.isEmpty, hex.allSatisfy(\.isHexDigit) {
            let rows = try database.statement("\(Self.datasetColumns) WHERE digest >= ? AND digest < ? ORDER BY digest LIMIT 2")
                .rows([.text("sha256:" + hex.lowercased()), .text("sha256:" + hex.lowercased() + "g")])
            if rows.count > 1 { throw .ambiguous(what: "dataset", key: key, matches: rows.count) }
            if let row = rows.first { return try makeDataset(row) }
        }
        // A name is a label anyone may reuse, never an identity: two datasets of one name are refused, not guessed.
        let named = try database.statement("\(Self.datasetColumns) WHERE name = ? ORDER BY created_at, digest").rows([.text(key)])
        guard let row = named.first else { throw .notFound(what: "dataset", key: key) }
        guard named.count == 1 else {
            throw .ambiguousName(
                what: "dataset", name: key,
                candidates: named.map { "\(($0["digest"].string ?? "").prefix(19)) added \($0["created_at"].string ?? "")" })
        }
        return try makeDataset(row)
    }

    private static let datasetColumns = """
        SELECT digest, name, bytes, examples, tokens, assistant_tokens, encoding, tokens_exact, format, created_at FROM datasets
        """

    private func makeDataset(_ row: Row) throws(LedgerError) -> DatasetRecord {
        let digest = row["digest"].string ?? ""
        let paths = try database.statement(
            "SELECT path, first_seen_at, last_seen_at FROM dataset_paths WHERE digest = ? ORDER BY first_seen_at, path"
        ).rows([.text(digest)]).map {
            DatasetPathRecord(path: $0["path"].string ?? "", firstSeenAt: $0["first_seen_at"].string ?? "", lastSeenAt: $0["last_seen_at"].string ?? "")
        }
        return DatasetRecord(
            digest: digest, name: row["name"].string, bytes: row["bytes"].int ?? 0, examples: row["examples"].int ?? 0,
            tokens: row["tokens"].int ?? 0, assistantTokens: row["assistant_tokens"].int ?? 0, encoding: row["encoding"].string ?? "",
            tokensExact: row["tokens_exact"].int == 1, format: row["format"].string ?? "", createdAt: row["created_at"].string ?? "",
            paths: paths)
    }
}
