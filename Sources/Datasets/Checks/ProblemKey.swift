/// The kinds of problem `data validate` reports; the names extend the OpenAI cookbook's
/// (`docs/data-checks.md` documents each one).
public enum ProblemKey: String, Sendable, CaseIterable, Codable {
    case bom = "bom"
    case invalidUTF8 = "invalid_utf8"
    case emptyLine = "empty_line"
    case invalidJSON = "invalid_json"
    case dataType = "data_type"
    case mixedFormat = "mixed_format"
    case missingMessagesList = "missing_messages_list"
    case messageMissingKey = "message_missing_key"
    case messageUnrecognizedKey = "message_unrecognized_key"
    case unrecognizedRole = "unrecognized_role"
    case missingContent = "missing_content"
    case invalidWeight = "invalid_weight"
    case invalidToolCalls = "invalid_tool_calls"
    case invalidTools = "invalid_tools"
    case invalidParallelToolCalls = "invalid_parallel_tool_calls"
    case exampleMissingAssistantMessage = "example_missing_assistant_message"
    case specialToken = "special_token"
    case legacyMissingKey = "legacy_missing_key"
    case legacyInvalidType = "legacy_invalid_type"
    case preferenceMissingKey = "preference_missing_key"
    case preferenceInvalidOutput = "preference_invalid_output"
    case emptyFile = "empty_file"
    case tooFewExamples = "too_few_examples"
    case unsupportedFormat = "unsupported_format"
    case noTrainedTokens = "no_trained_tokens"
    case exampleUnrecognizedKey = "example_unrecognized_key"
    case missingSystemMessage = "missing_system_message"
    case missingUserMessage = "missing_user_message"
    case exampleTooLong = "example_too_long"
    case duplicateExample = "duplicate_example"
    case validationOverlap = "validation_overlap"

    /// Whether the problem makes the file invalid.
    public var severity: Severity {
        switch self {
        case .exampleUnrecognizedKey, .missingSystemMessage, .missingUserMessage, .exampleTooLong,
            .duplicateExample, .validationOverlap:
            .warning
        default: .error
        }
    }
}

/// Errors reject a file; warnings do not.
public enum Severity: String, Sendable, Codable {
    case error
    case warning
}

/// One problem at one line of one file (line nil: the whole file).
public struct DataProblem: Sendable, Equatable, Codable {
    public var line: Int?
    public var key: ProblemKey
    public var message: String
    public var severity: Severity { key.severity }

    public init(line: Int?, key: ProblemKey, message: String) {
        self.line = line
        self.key = key
        self.message = message
    }

    /// `path:line: key: message`, warnings marked, as compilers print diagnostics.
    public func formatted(path: String) -> String {
        let location = line.map { "\(path):\($0)" } ?? path
        let text = severity == .warning ? "warning: \(message)" : message
        return "\(location): \(key.rawValue): \(text)"
    }
}
