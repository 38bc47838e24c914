import LocalTrainer

/// The formats of the ids the server hands out. Every id from a request is checked against its own
/// format before it reaches the provider, so request text never becomes part of a path.
enum IDFormat {
    /// `file-` and 24 lowercase hex digits (the start of the content's SHA-256).
    static func isFileID(_ id: String) -> Bool {
        guard id.hasPrefix("file-"), !id.hasPrefix("file-result-") else { return false }
        let hex = id.utf8.dropFirst(5)
        return hex.count == 24 && hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// `file-result-` and a job id: a finished job's result file.
    static func resultFileJob(_ id: String) -> String? {
        guard id.hasPrefix("file-result-") else { return nil }
        let job = String(id.dropFirst("file-result-".count))
        return isJobID(job) ? job : nil
    }

    /// `ftjob-` and 24 letters or digits.
    static func isJobID(_ id: String) -> Bool {
        id.hasPrefix("ftjob-") && id.utf8.count == 30 && id.utf8.dropFirst(6).allSatisfy(isAlphanumeric)
    }

    /// A base model's name, or `ft:BASE:local:SUFFIX:XXXXXXXX` with an optional `:ckpt-step-N`.
    static func isModelID(_ id: String) -> Bool {
        if LocalBaseModel.named(id) != nil { return true }
        let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 || parts.count == 6, parts[0] == "ft", LocalBaseModel.named(parts[1]) != nil,
            parts[2] == "local", parts[3].isEmpty || isSuffix(parts[3]),
            parts[4].utf8.count == 8, parts[4].utf8.allSatisfy(isAlphanumeric)
        else { return false }
        guard parts.count == 6 else { return true }
        let step = parts[5].utf8.dropFirst("ckpt-step-".count)
        return parts[5].hasPrefix("ckpt-step-") && (1...9).contains(step.count)
            && step.allSatisfy { (48...57).contains($0) }
    }

    /// A model-name suffix: 1 to 64 letters, digits, `-`, `_` or `.` (it becomes part of a model id).
    static func isSuffix(_ suffix: String) -> Bool {
        (1...64).contains(suffix.utf8.count)
            && suffix.utf8.allSatisfy { isAlphanumeric($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
