#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import SweepCore

/// What checking one example found: its format, problems, and token counts.
struct ExampleOutcome {
    var format: ExampleFormat
    var problems: [(key: ProblemKey, message: String)] = []
    /// Tokens as the cookbook counts a conversation (3 per message, 1 per name, 3 to prime the reply).
    var tokens = 0
    /// Tokens of the assistant messages that are trained on.
    var assistantTokens = 0

    var hasError: Bool { problems.contains { $0.key.severity == .error } }

    mutating func report(_ key: ProblemKey, _ message: String) { problems.append((key, message)) }
}

/// The per-example rules of `docs/data-checks.md` for the three formats. One per worker: it caches counts.
struct ExampleChecker {
    let counter: TokenCountCache

    func check(_ object: JSONObject) -> ExampleOutcome {
        let format = ExampleFormat.detect(object)
        var outcome = ExampleOutcome(format: format)
        for (key, _) in object.members where !format.defines(key) {
            outcome.report(.exampleUnrecognizedKey, "unrecognized top-level key '\(key)' for \(format.rawValue) data")
        }
        switch format {
        case .chat: checkChat(object, into: &outcome)
        case .completion: checkCompletion(object, into: &outcome)
        case .preference: checkPreference(object, into: &outcome)
        }
        return outcome
    }

    // MARK: Shared pieces

    /// Counts a text and reports special tokens in it. The path is built only for a problem:
    /// formatting it for every message showed in profiles.
    func text(_ value: String, at path: @autoclosure () -> String, remember: Bool = true, into outcome: inout ExampleOutcome) -> Int {
        if let token = SpecialTokens.first(in: value) {
            outcome.report(.specialToken, "\(path()) contains the special token \(token); OpenAI rejects such examples")
        }
        return counter.count(value, remember: remember)
    }

    private func checkCompletion(_ object: JSONObject, into outcome: inout ExampleOutcome) {
        for key in ["prompt", "completion"] {
            guard let value = object[key] else {
                outcome.report(.legacyMissingKey, "missing '\(key)'; completions data needs both prompt and completion")
                continue
            }
            guard let string = value.stringValue else {
                outcome.report(.legacyInvalidType, "'\(key)' must be a string, found \(value.typeName)")
                continue
            }
            let tokens = text(string, at: key, into: &outcome)
            outcome.tokens += tokens
            if key == "completion" { outcome.assistantTokens += tokens }
        }
    }

    private func checkPreference(_ object: JSONObject, into outcome: inout ExampleOutcome) {
        if let input = object["input"] {
            if let inputObject = input.objectValue {
                checkChat(inputObject, into: &outcome, path: "input.", requireAssistant: false)
            } else {
                outcome.report(.preferenceMissingKey, "'input' must be an object with 'messages', found \(input.typeName)")
            }
        } else {
            outcome.report(.preferenceMissingKey, "missing 'input' (the conversation both outputs answer)")
        }
        for (guide, schema) in [("preferred_output", "preferred_completion"), ("non_preferred_output", "non_preferred_completion")] {
            let key = object[guide] != nil ? guide : schema
            guard let output = object[key] else {
                outcome.report(.preferenceMissingKey, "missing '\(guide)'")
                continue
            }
            guard let messages = output.arrayValue, messages.count == 1,
                let message = messages[0].objectValue, message["role"]?.stringValue == "assistant",
                let content = message["content"]?.stringValue
            else {
                outcome.report(.preferenceInvalidOutput, "'\(key)' must be an array of exactly one assistant message with string content")
                continue
            }
            let tokens = text(content, at: "\(key)[0].content", into: &outcome)
            outcome.tokens += tokens + 3
            outcome.assistantTokens += tokens
        }
    }
}

/// The special tokens of both encodings, which OpenAI refuses to find as text in training data.
enum SpecialTokens {
    static let all = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"]

    /// The first special token in `text`, or nil; a `memchr` scan for `<|` keeps the common case cheap.
    static func first(in text: String) -> String? {
        let mayHold = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard var cursor = bytes.baseAddress.map(UnsafeRawPointer.init) else { return false }
            let end = cursor + bytes.count
            while cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "<")), end - cursor) {
                let next = UnsafeRawPointer(found) + 1
                if next < end, next.load(as: UInt8.self) == UInt8(ascii: "|") { return true }
                cursor = next
            }
            return false
        } ?? text.contains("<|")
        guard mayHold else { return nil }
        return all.first { text.contains($0) }
    }
}
