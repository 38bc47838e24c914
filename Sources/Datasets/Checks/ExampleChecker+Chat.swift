extension ExampleChecker {
    static let messageKeys: Set<String> = [
        "role", "content", "name", "weight", "function_call", "tool_calls", "tool_call_id", "refusal",
    ]
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    // Switches on strings compare bytes; `Set.contains` hashes every key, which showed in profiles.
    static func isMessageKey(_ key: String) -> Bool {
        switch key {
        case "role", "content", "name", "weight", "function_call", "tool_calls", "tool_call_id", "refusal": true
        default: false
        }
    }

    static func isRole(_ role: String) -> Bool {
        switch role {
        case "system", "developer", "user", "assistant", "tool", "function": true
        default: false
        }
    }

    /// Chat rules: the cookbook's, plus tools, tool calls, weights and special tokens.
    func checkChat(_ object: JSONObject, into outcome: inout ExampleOutcome, path: String = "", requireAssistant: Bool = true) {
        guard let messages = object["messages"]?.arrayValue, !messages.isEmpty else {
            let found = object["messages"].map { $0.arrayValue == nil ? "found \($0.typeName)" : "found an empty array" } ?? "it is missing"
            outcome.report(.missingMessagesList, "\(path)messages must be a non-empty array of messages; \(found)")
            return
        }
        var roles = RolesSeen()
        outcome.tokens += 3
        for (index, element) in messages.enumerated() {
            guard let message = element.objectValue else {
                outcome.report(.messageMissingKey, "\(path)messages[\(index)] must be an object with 'role' and 'content', found \(element.typeName)")
                continue
            }
            if let role = checkMessage(message, at: "\(path)messages[\(index)]", into: &outcome) { roles.note(role) }
        }
        checkTools(object, path: path, into: &outcome)
        guard requireAssistant else { return }
        if !roles.assistant {
            outcome.report(.exampleMissingAssistantMessage, "\(path)messages has no assistant message to learn from")
        }
        if !roles.system {
            outcome.report(.missingSystemMessage, "no system message")
        }
        if !roles.user {
            outcome.report(.missingUserMessage, "no user message")
        }
    }

    /// Checks one message, adds its tokens, and returns its role when it has a valid one.
    private func checkMessage(_ message: JSONObject, at lazyPath: @autoclosure () -> String, into outcome: inout ExampleOutcome) -> String? {
        var path: String { lazyPath() }
        for (key, _) in message.members where !Self.isMessageKey(key) {
            outcome.report(.messageUnrecognizedKey, "\(path) has an unrecognized key '\(key)'; expected \(Self.messageKeys.sorted().joined(separator: ", "))")
        }
        outcome.tokens += 3
        var role: String?
        switch message["role"] {
        case nil: outcome.report(.messageMissingKey, "\(path) has no 'role'")
        case .string(let value) where Self.isRole(value):
            role = value
            outcome.tokens += counter.count(value, remember: true)
        case let value?:
            let shown = value.stringValue.map { "'\($0)'" } ?? value.typeName
            outcome.report(.unrecognizedRole, "\(path).role is \(shown); expected one of \(Self.roles.sorted().joined(separator: ", "))")
        }
        if let name = message["name"] {
            if let value = name.stringValue { outcome.tokens += text(value, at: "\(path).name", into: &outcome) + 1 }
        }
        let callsTool = message["tool_calls"] != nil || message["function_call"] != nil
        let contentTokens = checkContent(message["content"], role: role, callsTool: callsTool, at: lazyPath(), into: &outcome)
        outcome.tokens += contentTokens
        let trained = checkWeight(message["weight"], role: role, at: lazyPath(), into: &outcome)
        if role == "assistant" && trained { outcome.assistantTokens += contentTokens }
        if let calls = message["tool_calls"] { outcome.tokens += checkToolCalls(calls, at: "\(path).tool_calls", into: &outcome) }
        if let call = message["function_call"] { outcome.tokens += checkFunctionCall(call, at: "\(path).function_call", into: &outcome) }
        if role == "tool", message["tool_call_id"]?.stringValue == nil {
            outcome.report(.messageMissingKey, "\(path) is a tool message without a string 'tool_call_id'")
        }
        return role
    }

    private func checkContent(_ content: JSONValue?, role: String?, callsTool: Bool, at lazyPath: @autoclosure () -> String, into outcome: inout ExampleOutcome) -> Int {
        var path: String { lazyPath() }
        let mayBeEmpty = role == "assistant" && callsTool
        switch content {
        case nil:
            if !mayBeEmpty { outcome.report(.messageMissingKey, "\(path) has no 'content'") }
        case .string(let value)?:
            // User turns are rarely repeated; system prompts and answers nearly always are.
            return text(value, at: "\(path).content", remember: role != "user", into: &outcome)
        case .null?:
            if !mayBeEmpty { outcome.report(.missingContent, "\(path).content is null; only an assistant message that calls a tool may omit its text") }
        case .array(let parts)?:
            var tokens = 0
            for (index, part) in parts.enumerated() {
                let partPath = "\(path).content[\(index)]"
                guard let object = part.objectValue, let type = object["type"]?.stringValue else {
                    outcome.report(.missingContent, "\(partPath) must be a content part object with a 'type'")
                    continue
                }
                switch type {
                case "text":
                    if let value = object["text"]?.stringValue {
                        tokens += text(value, at: "\(partPath).text", into: &outcome)
                    } else {
                        outcome.report(.missingContent, "\(partPath) is a text part without a string 'text'")
                    }
                case "image_url", "input_audio", "file", "refusal": continue
                default: outcome.report(.missingContent, "\(partPath) has unknown part type '\(type)'")
                }
            }
            return tokens
        case let value?:
            outcome.report(.missingContent, "\(path).content must be a string or an array of content parts, found \(value.typeName)")
        }
        return 0
    }

    /// Returns whether the message is trained on (weight absent or 1).
    private func checkWeight(_ weight: JSONValue?, role: String?, at lazyPath: @autoclosure () -> String, into outcome: inout ExampleOutcome) -> Bool {
        guard let weight else { return true }
        let path = lazyPath()
        if role != "assistant" {
            outcome.report(.invalidWeight, "\(path).weight is only allowed on assistant messages")
            return true
        }
        guard case .number(let value) = weight, value == 0 || value == 1 else {
            let shown = if case .number(let value) = weight { "\(value)" } else { weight.typeName }
            outcome.report(.invalidWeight, "\(path).weight must be 0 or 1, found \(shown)")
            return true
        }
        return value == 1
    }

    private func checkToolCalls(_ calls: JSONValue, at path: String, into outcome: inout ExampleOutcome) -> Int {
        guard let list = calls.arrayValue, !list.isEmpty else {
            outcome.report(.invalidToolCalls, "\(path) must be a non-empty array, found \(calls.typeName)")
            return 0
        }
        var tokens = 0
        for (index, call) in list.enumerated() {
            let callPath = "\(path)[\(index)]"
            guard let object = call.objectValue, object["id"]?.stringValue != nil, object["type"]?.stringValue == "function",
                let function = object["function"]
            else {
                outcome.report(.invalidToolCalls, "\(callPath) must be {\"id\": string, \"type\": \"function\", \"function\": {...}}")
                continue
            }
            tokens += checkFunctionCall(function, at: "\(callPath).function", into: &outcome, key: .invalidToolCalls)
        }
        return tokens
    }

    private func checkFunctionCall(_ call: JSONValue, at path: String, into outcome: inout ExampleOutcome, key: ProblemKey = .invalidToolCalls) -> Int {
        guard let object = call.objectValue, let name = object["name"]?.stringValue,
            let arguments = object["arguments"]?.stringValue
        else {
            outcome.report(key, "\(path) must have a string 'name' and 'arguments' as a JSON string")
            return 0
        }
        return text(name, at: "\(path).name", into: &outcome) + text(arguments, at: "\(path).arguments", into: &outcome)
    }

    private func checkTools(_ object: JSONObject, path: String, into outcome: inout ExampleOutcome) {
        if let tools = object["tools"] {
            let valid = tools.arrayValue?.allSatisfy { tool in
                guard let tool = tool.objectValue, tool["type"]?.stringValue == "function",
                    let function = tool["function"]?.objectValue
                else { return false }
                return function["name"]?.stringValue != nil
            } ?? false
            if valid {
                outcome.tokens += counter.count(tools.compactJSON, remember: true)
            } else {
                outcome.report(.invalidTools, "\(path)tools must be an array of {\"type\": \"function\", \"function\": {\"name\": ...}}")
            }
        }
        if let functions = object["functions"] {
            let valid = functions.arrayValue.map { !$0.isEmpty && $0.allSatisfy { $0.objectValue?["name"]?.stringValue != nil } } ?? false
            if valid {
                outcome.tokens += counter.count(functions.compactJSON, remember: true)
            } else {
                outcome.report(.invalidTools, "\(path)functions must be an array of 1 to 128 objects with a 'name'")
            }
        }
        if let parallel = object["parallel_tool_calls"], parallel != .bool(true), parallel != .bool(false) {
            outcome.report(.invalidParallelToolCalls, "\(path)parallel_tool_calls must be true or false, found \(parallel.typeName)")
        }
    }
}

/// Which kinds of message a conversation has.
private struct RolesSeen {
    var system = false
    var user = false
    var assistant = false

    mutating func note(_ role: String) {
        switch role {
        case "system", "developer": system = true
        case "user": user = true
        case "assistant": assistant = true
        default: break
        }
    }
}
