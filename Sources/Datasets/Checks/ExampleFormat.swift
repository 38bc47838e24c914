import SweepCore

extension ExampleFormat {
    /// The format an example claims by its keys; an object with none of them is taken as chat.
    static func detect(_ object: JSONObject) -> ExampleFormat {
        for (key, _) in object.members {
            switch key {
            case "messages": return .chat
            case "prompt", "completion": return .completion
            case "input", "preferred_output", "non_preferred_output", "preferred_completion", "non_preferred_completion":
                return .preference
            default: continue
            }
        }
        return .chat
    }

    /// Whether the format defines this top-level key; others draw a warning.
    func defines(_ key: String) -> Bool {
        switch (self, key) {
        case (.chat, "messages"), (.chat, "tools"), (.chat, "parallel_tool_calls"), (.chat, "functions"): true
        case (.completion, "prompt"), (.completion, "completion"): true
        case (.preference, "input"), (.preference, "preferred_output"), (.preference, "non_preferred_output"),
            (.preference, "preferred_completion"), (.preference, "non_preferred_completion"):
            true
        default: false
        }
    }
}
