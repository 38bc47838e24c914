extension ExampleChecker {
    static let messageKeys: Set<String> = [
        "role", "content", "name", "weight", "function_call", "tool_calls", "tool_call_id", "refusal",
    ]
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// Chat rules: the cookbook's, plus tools, tool calls, weights and special tokens.
    func checkChat(_ object: JSONObject, into outcome: inout ExampleOutcome, path: String = "", requireAssistant: Bool = true) {
        guard let messages = object["messages"]?.arrayValue, !messages.isEmpty else {
            let found = object["messages"].map { $0.arrayValue == nil ? "found \($0.typeName)" : "found an empty array" } ?? "it is missing"
            outcome.report(.missingMessagesList, "\(path)messages must be a non-empty array of messages; \(found)")
            return
        }
        var roles: Set<String> = []
        outcome.tokens += 3
        for (index, element) in messages.enumerated() {
            let messagePath = "\(path)messages[\(index)]"
            guard let message = element.objectValue else {
                outcome.report(.messageMissingKey, "\(messagePath) must be an object with 'role' and 'content', found \(element.typeName)")
                continue
            }
            if let role = checkMessage(message, at: messagePath, into: &outcome) { roles.insert(role) }
        }
        checkTools(object, path: path, into: &outcome)
        guard requireAssistant else { return }
        if !roles.contains("assistant") {
            outcome.report(.exampleMissingAssistantMessage, "\(path)messages has no assistant message to learn from")
        }
        if roles.isDisjoint(with: ["system", "developer"]) {
            outcome.report(.missingSystemMessage, "no system message")
        }
        if !roles.contains("user") {
            outcome.report(.missingUserMessage, "no user message")
        }
    }

    /// Checks one message, adds its tokens, and returns its role when it has a valid one.
    private func checkMessage(_ message: JSONObject, at path: String, into outcome: inout ExampleOutcome) -> String? {
        for key in message.keys where !Self.messageKeys.contains(key) {
            outcome.report(.messageUnrecognizedKey, "\(path) has an unrecognized key '\(key)'; expected \(Self.messageKeys.sorted().joined(separator: ", "))")
        }
        outcome.tokens += 3
        var role: String?
        switch message["role"] {
        case nil: outcome.report(.messageMissingKey, "\(path) has no 'role'")
        case .string(let value) where Self.roles.contains(value):
            role = value
            outcome.tokens += counter.count(value)
        case let value?:
            let shown = value.stringValue.map { "'\($0)'" } ?? value.typeName
            outcome.report(.unrecognizedRole, "\(path).role is \(shown); expected one of \(Self.roles.sorted().joined(separator: ", "))")
        }
        if let name = message["name"] {
            if let value = name.stringValue { outcome.tokens += text(value, at: "\(path).name", into: &outcome) + 1 }
        }
        let callsTool = message["tool_calls"] != nil || message["function_call"] != nil
        let contentTokens = checkContent(message["content"], role: role, callsTool: callsTool, at: path, into: &outcome)
        outcome.tokens += contentTokens
        let trained = checkWeight(message["weight"], role: role, at: path, into: &outcome)
        if role == "assistant" && trained { outcome.assistantTokens += contentTokens }
        if let calls = message["tool_calls"] { outcome.tokens += checkToolCalls(calls, at: "\(path).tool_calls", into: &outcome) }
        if let call = message["function_call"] { outcome.tokens += checkFunctionCall(call, at: "\(path).function_call", into: &outcome) }
        if role == "tool", message["tool_call_id"]?.stringValue == nil {
            outcome.report(.messageMissingKey, "\(path) is a tool message without a string 'tool_call_id'")
        }
        return role
    }

    private func checkContent(_ content: JSONValue?, role: String?, callsTool: Bool, at path: String, into outcome: inout ExampleOutcome) -> Int {
        let mayBeEmpty = role == "assistant" && callsTool
        switch content {
        case nil:
            if !mayBeEmpty { outcome.report(.messageMissingKey, "\(path) has no 'content'") }
        case .string(let value)?:
            return text(value, at: "\(path).content", into: &outcome)
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
    private func checkWeight(_ weight: JSONValue?, role: String?, at path: String, into outcome: inout ExampleOutcome) -> Bool {
        guard let weight else { return true }
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
                outcome.tokens += counter.count(tools.compactJSON)
            } else {
                outcome.report(.invalidTools, "\(path)tools must be an array of {\"type\": \"function\", \"function\": {\"name\": ...}}")
            }
        }
        if let functions = object["functions"] {
            let valid = functions.arrayValue.map { !$0.isEmpty && $0.allSatisfy { $0.objectValue?["name"]?.stringValue != nil } } ?? false
            if valid {
                outcome.tokens += counter.count(functions.compactJSON)
            } else {
                outcome.report(.invalidTools, "\(path)functions must be an array of 1 to 128 objects with a 'name'")
            }
        }
        if let parallel = object["parallel_tool_calls"], parallel != .bool(true), parallel != .bool(false) {
            outcome.report(.invalidParallelToolCalls, "\(path)parallel_tool_calls must be true or false, found \(parallel.typeName)")
        }
    }
}
