#!/usr/bin/env python3
"""Generate the malformed-JSONL corpus for `ftsweep data validate` tests.

Every file holds exactly ONE error-level defect (a key from the "Errors" table
of docs/data-checks.md) at a known line, and is otherwise a valid file of its
format (chat, legacy prompt/completion, or DPO preference) with at least 12
valid examples, no duplicate lines and nothing that should raise a warning.
The exceptions are the `empty_file` and `too_few_examples` files, whose
"defect" is the whole file.

Run from the repository root (no arguments, no network, stdlib only):

    python3 Tests/DatasetsTests/Fixtures/bad/generate.py          # (re)write the corpus
    python3 Tests/DatasetsTests/Fixtures/bad/generate.py --check  # verify, write nothing

It writes bytes exactly (so raw invalid UTF-8, BOMs, tabs and missing final
newlines are possible), deletes stale `NN-*.jsonl` files, writes
`MANIFEST.tsv` (`file<TAB>key<TAB>line`, line 1-based or `-` for whole-file
problems), and then re-reads every file with a small reference validator
written from docs/data-checks.md, asserting that it reports exactly the one
expected problem and no warning.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOM = b"\xef\xbb\xbf"


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------
# Valid example builders (deterministic; index k picks the content)
# --------------------------------------------------------------------------

SYSTEMS = [
    "You route tickets.",
    "You route support tickets to one queue.",
    "Classify the customer ticket. Answer with the queue name only.",
]

TICKETS = [
    ("My invoice is wrong", "billing"),
    ("I was charged twice this month", "billing"),
    ("The app crashes when I open settings", "bugs"),
    ("How do I reset my password?", "account"),
    ("Please delete my account", "account"),
    ("The export button does nothing", "bugs"),
    ("Can I get a refund for last year?", "billing"),
    ("Ma facture est incorrecte, pouvez-vous vérifier ?", "billing"),
    ("I can't log in since the update", "account"),
    ("Your API returns 500 on /v1/orders", "bugs"),
    ("Do you offer a discount for nonprofits?", "sales"),
    ("I'd like a demo for my team of 40", "sales"),
    ("請求書の金額が間違っています", "billing"),
    ("Dark mode makes the text invisible 🙈", "bugs"),
    ("How do I add a second admin?", "account"),
    ("Is there an annual plan?", "sales"),
    ("The PDF receipt is blank", "bugs"),
    ("Change the email on my account, please", "account"),
    ("Why did my price go up?", "billing"),
    ("Ich möchte mein Abo kündigen", "account"),
    ("Can we pay by bank transfer?", "billing"),
    ("Search results are empty for every query", "bugs"),
    ("Do you have an enterprise SLA?", "sales"),
    ("Two-factor codes never arrive", "account"),
    ("The CSV import skips the first row", "bugs"),
    ("Quote for 500 seats?", "sales"),
    ("VAT is missing from my invoice", "billing"),
    ("Notifications arrive twice", "bugs"),
    ("Transfer ownership of the workspace", "account"),
    ("What does the Pro plan include?", "sales"),
]

CITIES = [("Paris", "18C"), ("Oslo", "4C"), ("Lima", "21C"), ("Kyōto", "16C"), ("Cairo", "33C"),
          ("Reykjavík", "2C"), ("Perth", "27C"), ("Quito", "14C")]

TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city",
                                              "parameters": {"type": "object",
                                                             "properties": {"city": {"type": "string"}},
                                                             "required": ["city"]}}}]


def sysmsg(k):
    return {"role": "system", "content": SYSTEMS[k % len(SYSTEMS)]}


def chat_obj(k):
    """A valid chat example. Shapes rotate: plain, multi-turn with weights, tool use, content parts."""
    text, label = TICKETS[k % len(TICKETS)]
    shape = k % 6
    if shape == 3:
        return {"messages": [
            sysmsg(k),
            {"role": "user", "content": text},
            {"role": "assistant", "content": "Which order number is this about?", "weight": 0},
            {"role": "user", "content": f"Order {4100 + k}"},
            {"role": "assistant", "content": label, "weight": 1},
        ]}
    if shape == 4:
        city, temp = CITIES[k % len(CITIES)]
        cid = f"call_{k}"
        return {"messages": [
            {"role": "system", "content": "You answer weather questions with the get_weather tool."},
            {"role": "user", "content": f"What's the weather in {city}?"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": cid, "type": "function",
                 "function": {"name": "get_weather", "arguments": json.dumps({"city": city}, ensure_ascii=False)}}]},
            {"role": "tool", "tool_call_id": cid, "content": temp},
            {"role": "assistant", "content": f"It is {temp} in {city} right now."},
        ], "tools": TOOLS, "parallel_tool_calls": False}
    if shape == 5:
        return {"messages": [
            sysmsg(k),
            {"role": "user", "content": [{"type": "text", "text": text}]},
            {"role": "assistant", "content": label},
        ]}
    return {"messages": [sysmsg(k), {"role": "user", "content": text}, {"role": "assistant", "content": label}]}


def simple_chat(k, user=None, assistant=None, system=None):
    text, label = TICKETS[k % len(TICKETS)]
    return {"messages": [{"role": "system", "content": system if system is not None else SYSTEMS[k % len(SYSTEMS)]},
                         {"role": "user", "content": user if user is not None else text},
                         {"role": "assistant", "content": assistant if assistant is not None else label}]}


def tool_chat(k):
    """The tool-use shape, as a dict to be damaged."""
    return chat_obj(k - (k % 6) + 4)


def legacy_obj(k):
    text, label = TICKETS[k % len(TICKETS)]
    return {"prompt": f"Ticket: {text}\n\n###\n\n", "completion": f" {label} END"}


PREFERRED = {"billing": "I've sent this to Billing; they'll reply within a day.",
             "bugs": "Thanks for the report, I've filed it with our engineers.",
             "account": "I can help with your account. Let's start with your email address.",
             "sales": "Our sales team will reach out with details shortly."}


def pref_obj(k, schema_names=False):
    text, label = TICKETS[k % len(TICKETS)]
    obj = {"input": {"messages": [sysmsg(k), {"role": "user", "content": text}]},
           "preferred_output": [{"role": "assistant", "content": PREFERRED[label]}],
           "non_preferred_output": [{"role": "assistant", "content": "Please contact support."}]}
    if k % 4 == 1:
        obj["input"]["tools"] = []
        obj["input"]["parallel_tool_calls"] = True
    if schema_names:
        obj["preferred_completion"] = obj.pop("preferred_output")
        obj["non_preferred_completion"] = obj.pop("non_preferred_output")
    return obj


VALID = {
    "chat": lambda k: dumps(chat_obj(k)),
    "legacy": lambda k: dumps(legacy_obj(k)),
    "pref": lambda k: dumps(pref_obj(k)),
    "pref-schema": lambda k: dumps(pref_obj(k, schema_names=True)),
}


# --------------------------------------------------------------------------
# File assembly
# --------------------------------------------------------------------------

FILES = []  # (name, key, line, bytes)


def add(desc, key, line, data):
    name = f"{len(FILES) + 1:02d}-{desc}.jsonl"
    FILES.append((name, key, line, data))


def defect_file(desc, key, fmt, defect, pos, n_valid=12, seed=None):
    """n_valid valid lines of fmt with `defect` (bytes) inserted.

    pos: "first", "last", "last-nonl" (last line, no final newline) or an int
    (the 1-based line number of the defect)."""
    seed = (len(FILES) * 7) if seed is None else seed
    valid = [VALID[fmt](seed + i) for i in range(n_valid)]
    nonl = pos == "last-nonl"
    if pos == "first":
        line = 1
    elif pos in ("last", "last-nonl"):
        line = n_valid + 1
    else:
        line = pos
    lines = valid[: line - 1] + [defect] + valid[line - 1:]
    data = b"\n".join(lines) + (b"" if nonl else b"\n")
    add(desc, key, line, data)


def chat_with(k, messages, **top):
    obj = {"messages": messages}
    obj.update(top)
    return dumps(obj)


def build():
    # ---------------- bom ----------------
    add("bom-chat", "bom", 1, BOM + b"\n".join(VALID["chat"](100 + i) for i in range(12)) + b"\n")
    add("bom-legacy", "bom", 1, BOM + b"\n".join(VALID["legacy"](110 + i) for i in range(12)) + b"\n")

    # ---------------- invalid_utf8 ----------------
    # The invalid bytes sit inside a JSON string, so with U+FFFD in their place the line is valid JSON.
    def bad_text(k, raw):
        return dumps(simple_chat(k, user="@@")).replace(b"@@", raw)
    defect_file("invalid-utf8-ff-byte", "invalid_utf8", "chat", bad_text(200, b"My invoice \xff is wrong"), 6)
    defect_file("invalid-utf8-truncated-sequence", "invalid_utf8", "chat",
                bad_text(201, b"The price is 20 \xe2\x82"), 9)
    defect_file("invalid-utf8-overlong-slash", "invalid_utf8", "chat", bad_text(202, b"path a\xc0\xafb"), "first")
    defect_file("invalid-utf8-encoded-surrogate", "invalid_utf8", "chat",
                bad_text(203, b"half a pair \xed\xa0\x80 here"), 7)
    defect_file("invalid-utf8-above-10ffff", "invalid_utf8", "chat", bad_text(204, b"beyond \xf4\x90\x80\x80"), "last")
    defect_file("invalid-utf8-latin1-legacy", "invalid_utf8", "legacy",
                dumps(legacy_obj(206)).replace(b"Ticket: ", b"Ticket (caf\xe9): "), 8)
    defect_file("invalid-utf8-truncated-emoji-no-newline", "invalid_utf8", "chat",
                bad_text(207, b"Dark mode is broken \xf0\x9f\x98"), "last-nonl")

    # ---------------- empty_line ----------------
    defect_file("empty-line-blank-middle", "empty_line", "chat", b"", 7)
    defect_file("empty-line-spaces-only", "empty_line", "chat", b"    ", 5)
    defect_file("empty-line-tab-only-legacy", "empty_line", "legacy", b"\t", 10)
    defect_file("empty-line-blank-first", "empty_line", "chat", b"", "first")
    defect_file("empty-line-extra-final-newline", "empty_line", "pref", b"", "last")
    defect_file("empty-line-spaces-last-no-newline", "empty_line", "chat", b"  ", "last-nonl")

    # ---------------- invalid_json ----------------
    ok = dumps(simple_chat(300))  # a valid line to damage
    defect_file("invalid-json-truncated-object", "invalid_json", "chat",
                b'{"messages":[{"role":"system","content":"You route tickets."},{"role":"user","content":"Where is my refund?"}',
                "last-nonl")
    defect_file("invalid-json-trailing-comma-array", "invalid_json", "chat",
                b'{"messages":[{"role":"system","content":"You route tickets."},{"role":"user","content":"Refund please"},'
                b'{"role":"assistant","content":"billing"},]}', 7)
    defect_file("invalid-json-single-quotes", "invalid_json", "chat",
                b"{'messages':[{'role':'system','content':'You route tickets.'},{'role':'user','content':'Refund please'},"
                b"{'role':'assistant','content':'billing'}]}", 5)
    defect_file("invalid-json-unquoted-key", "invalid_json", "chat",
                b'{messages:[{"role":"system","content":"You route tickets."},{"role":"user","content":"Refund please"},'
                b'{"role":"assistant","content":"billing"}]}', "last")
    defect_file("invalid-json-nan", "invalid_json", "chat",
                b'{"messages":[{"role":"system","content":"You route tickets."},{"role":"user","content":"Refund please"},'
                b'{"role":"assistant","content":"billing","weight":NaN}]}', 8)
    defect_file("invalid-json-two-objects", "invalid_json", "chat", ok + b" " + dumps(simple_chat(301)), 6)
    defect_file("invalid-json-unterminated-string", "invalid_json", "chat",
                b'{"messages":[{"role":"system","content":"You route tickets."},{"role":"user","content":"Refund please}]}',
                "last-nonl")
    defect_file("invalid-json-bad-escape", "invalid_json", "chat",
                dumps(simple_chat(302, user="@@")).replace(b"@@", b"Path C:\\xampp is broken"), 9)
    defect_file("invalid-json-raw-tab", "invalid_json", "chat",
                dumps(simple_chat(303, user="@@")).replace(b"@@", b"Name\tAmount columns are swapped"), 4)
    defect_file("invalid-json-raw-control-char", "invalid_json", "chat",
                dumps(simple_chat(304, user="@@")).replace(b"@@", b"weird \x01 char"), "first")
    defect_file("invalid-json-bad-unicode-escape", "invalid_json", "chat",
                dumps(simple_chat(305, user="@@")).replace(b"@@", b"caf\\u00G9 menu"), 10)
    defect_file("invalid-json-unescaped-quote-legacy", "invalid_json", "legacy",
                b'{"prompt":"Ticket: the "Export" button fails\\n\\n###\\n\\n","completion":" bugs END"}', 6)
    defect_file("invalid-json-extra-brace-pref", "invalid_json", "pref", dumps(pref_obj(320)) + b"}", "last")

    # ---------------- data_type ----------------
    defect_file("data-type-array", "data_type", "chat", b"[" + dumps(simple_chat(400)) + b"]", 6)
    defect_file("data-type-number", "data_type", "chat", b"42", "first")
    defect_file("data-type-string", "data_type", "chat", b'"My invoice is wrong"', "last")
    defect_file("data-type-null-legacy", "data_type", "legacy", b"null", 8)

    # ---------------- mixed_format ----------------
    defect_file("mixed-format-legacy-in-chat", "mixed_format", "chat", dumps(legacy_obj(500)), 7)
    defect_file("mixed-format-chat-in-legacy", "mixed_format", "legacy", dumps(simple_chat(501)), "last")
    defect_file("mixed-format-pref-in-chat", "mixed_format", "chat", dumps(pref_obj(502)), 4)
    defect_file("mixed-format-chat-in-pref", "mixed_format", "pref", dumps(simple_chat(503)), "last-nonl")

    # ---------------- missing_messages_list ----------------
    defect_file("missing-messages-empty-object", "missing_messages_list", "chat", b"{}", 6)
    defect_file("missing-messages-only-tools", "missing_messages_list", "chat",
                dumps({"tools": TOOLS, "parallel_tool_calls": False}), 9)
    defect_file("missing-messages-object", "missing_messages_list", "chat",
                dumps({"messages": {"role": "user", "content": "My invoice is wrong"}}), "first")
    defect_file("missing-messages-empty-array", "missing_messages_list", "chat", b'{"messages":[]}', 5)
    defect_file("missing-messages-string-no-newline", "missing_messages_list", "chat",
                b'{"messages":"user: My invoice is wrong"}', "last-nonl")

    # ---------------- message_missing_key ----------------
    def multi(k, second_user=None, first_assistant=None):
        text, label = TICKETS[k % len(TICKETS)]
        return [sysmsg(k), {"role": "user", "content": text},
                first_assistant or {"role": "assistant", "content": "Which order number is this about?"},
                second_user or {"role": "user", "content": f"Order {4100 + k}"},
                {"role": "assistant", "content": label}]
    defect_file("message-missing-role", "message_missing_key", "chat",
                chat_with(600, multi(600, second_user={"content": "Order 5120"})), 6)
    defect_file("message-missing-content-user", "message_missing_key", "chat",
                chat_with(601, multi(601, second_user={"role": "user"})), 8)
    m = tool_chat(602)
    del m["messages"][3]["tool_call_id"]
    defect_file("message-missing-tool-call-id", "message_missing_key", "chat", dumps(m), "last")
    defect_file("message-assistant-no-content-no-tool-calls", "message_missing_key", "chat",
                chat_with(603, multi(603, first_assistant={"role": "assistant"})), "first")
    p = pref_obj(604)
    p["input"]["messages"].append({"role": "user"})
    defect_file("message-missing-content-pref-input", "message_missing_key", "pref", dumps(p), 5)

    # ---------------- message_unrecognized_key ----------------
    s = simple_chat(700)
    s["messages"][1]["contents"] = s["messages"][1]["content"]
    defect_file("message-unrecognized-key-contents", "message_unrecognized_key", "chat", dumps(s), 7)
    s = simple_chat(701)
    s["messages"][0]["rol"] = "system"
    defect_file("message-unrecognized-key-rol", "message_unrecognized_key", "chat", dumps(s), "first")
    s = simple_chat(702)
    s["messages"][2]["tool_call"] = {"id": "call_9"}
    defect_file("message-unrecognized-key-tool-call-singular", "message_unrecognized_key", "chat", dumps(s), "last")

    # ---------------- unrecognized_role ----------------
    defect_file("unrecognized-role-bot", "unrecognized_role", "chat",
                chat_with(0, [sysmsg(0), {"role": "user", "content": "Reset my password"},
                              {"role": "bot", "content": "Sure, one moment."},
                              {"role": "assistant", "content": "account"}]), 6)
    defect_file("unrecognized-role-capital-system", "unrecognized_role", "chat",
                chat_with(0, [{"role": "System", "content": "Be brief."}, sysmsg(1),
                              {"role": "user", "content": "Reset my password"},
                              {"role": "assistant", "content": "account"}]), "first")
    defect_file("unrecognized-role-model", "unrecognized_role", "chat",
                chat_with(0, [sysmsg(2), {"role": "user", "content": "Reset my password"},
                              {"role": "model", "content": "account"},
                              {"role": "assistant", "content": "account"}]), "last-nonl")

    # ---------------- missing_content ----------------
    s = simple_chat(800); s["messages"][1]["content"] = 404
    defect_file("missing-content-number", "missing_content", "chat", dumps(s), 7)
    s = simple_chat(801); s["messages"][1]["content"] = None
    defect_file("missing-content-null-user", "missing_content", "chat", dumps(s), "first")
    s = simple_chat(802); s["messages"][2]["content"] = {"text": "billing"}
    defect_file("missing-content-object-assistant", "missing_content", "chat", dumps(s), "last")
    s = simple_chat(804); s["messages"][0]["content"] = None
    defect_file("missing-content-null-system-no-newline", "missing_content", "chat", dumps(s), "last-nonl")

    # ---------------- invalid_weight ----------------
    def weighted(k, w, on=2):
        s = simple_chat(k); s["messages"][on]["weight"] = w; return dumps(s)
    defect_file("invalid-weight-two", "invalid_weight", "chat", weighted(900, 2), 6)
    defect_file("invalid-weight-string", "invalid_weight", "chat", weighted(901, "1"), "first")
    defect_file("invalid-weight-half", "invalid_weight", "chat", weighted(902, 0.5), "last")
    defect_file("invalid-weight-on-user", "invalid_weight", "chat", weighted(903, 1, on=1), 9)
    defect_file("invalid-weight-on-system-no-newline", "invalid_weight", "chat", weighted(905, 0, on=0), "last-nonl")

    # ---------------- invalid_tool_calls ----------------
    # The damaged assistant message keeps a text content, so no content rule can fire as well.
    def bad_calls(k, mutate):
        m = tool_chat(k)
        a = m["messages"][2]
        a["content"] = "Let me check."
        mutate(a)
        return dumps(m)
    defect_file("invalid-tool-calls-object", "invalid_tool_calls", "chat",
                bad_calls(1000, lambda a: a.__setitem__("tool_calls", a["tool_calls"][0])), 7)
    defect_file("invalid-tool-calls-arguments-object", "invalid_tool_calls", "chat",
                bad_calls(1001, lambda a: a["tool_calls"][0]["function"].__setitem__("arguments", {"city": "Paris"})), 5)
    defect_file("invalid-tool-calls-type-fn", "invalid_tool_calls", "chat",
                bad_calls(1002, lambda a: a["tool_calls"][0].__setitem__("type", "fn")), "first")
    defect_file("invalid-tool-calls-missing-id", "invalid_tool_calls", "chat",
                bad_calls(1003, lambda a: a["tool_calls"][0].pop("id")), "last")
    defect_file("invalid-tool-calls-no-function-name", "invalid_tool_calls", "chat",
                bad_calls(1004, lambda a: a["tool_calls"][0]["function"].pop("name")), "last-nonl")

    # ---------------- invalid_tools ----------------
    def bad_tools(k, tools):
        m = tool_chat(k); m["tools"] = tools; return dumps(m)
    defect_file("invalid-tools-object", "invalid_tools", "chat", bad_tools(1100, TOOLS[0]), 6)
    defect_file("invalid-tools-no-function", "invalid_tools", "chat",
                bad_tools(1101, [{"type": "function", "name": "get_weather"}]), "first")
    defect_file("invalid-tools-type-retrieval", "invalid_tools", "chat",
                bad_tools(1102, [{"type": "retrieval", "function": TOOLS[0]["function"]}]), "last")
    defect_file("invalid-tools-function-no-name", "invalid_tools", "chat",
                bad_tools(1104, [{"type": "function", "function": {"parameters": {"type": "object", "properties": {}}}}]),
                "last-nonl")

    # ---------------- invalid_parallel_tool_calls ----------------
    def bad_ptc(k, v):
        m = tool_chat(k); m["parallel_tool_calls"] = v; return dumps(m)
    defect_file("invalid-parallel-tool-calls-yes", "invalid_parallel_tool_calls", "chat", bad_ptc(1200, "yes"), 7)
    defect_file("invalid-parallel-tool-calls-number", "invalid_parallel_tool_calls", "chat", bad_ptc(1201, 1), "first")

    # ---------------- example_missing_assistant_message ----------------
    defect_file("missing-assistant-system-user", "example_missing_assistant_message", "chat",
                chat_with(0, [sysmsg(0), {"role": "user", "content": "Where is my parcel?"}]), 8)
    defect_file("missing-assistant-first-line", "example_missing_assistant_message", "chat",
                chat_with(0, [sysmsg(1), {"role": "user", "content": "Where is my parcel?"}]), "first")
    defect_file("missing-assistant-two-users", "example_missing_assistant_message", "chat",
                chat_with(0, [sysmsg(2), {"role": "user", "content": "Where is my parcel?"},
                              {"role": "user", "content": "Hello?"}]), "last")

    # ---------------- special_token ----------------
    defect_file("special-token-endoftext-user", "special_token", "chat",
                dumps(simple_chat(1300, user="My invoice is wrong<|endoftext|>")), 6)
    defect_file("special-token-fim-suffix-assistant", "special_token", "chat",
                dumps(simple_chat(1301, assistant="billing<|fim_suffix|>")), "last")
    defect_file("special-token-endofprompt-system", "special_token", "chat",
                dumps(simple_chat(1302, system="You route tickets.<|endofprompt|>")), "first")
    s = simple_chat(1303)
    s["messages"][1]["content"] = [{"type": "text", "text": "<|fim_prefix|>def pay(): pass"}]
    defect_file("special-token-fim-prefix-content-part", "special_token", "chat", dumps(s), 9)
    l = legacy_obj(1304); l["completion"] = " bugs<|fim_middle|> END"
    defect_file("special-token-fim-middle-legacy", "special_token", "legacy", dumps(l), 5)
    p = pref_obj(1305); p["preferred_output"][0]["content"] = "Sent to billing.<|endoftext|>"
    defect_file("special-token-endoftext-pref-output", "special_token", "pref", dumps(p), "last-nonl")

    # ---------------- legacy_missing_key ----------------
    defect_file("legacy-missing-completion", "legacy_missing_key", "legacy",
                dumps({"prompt": "Ticket: The invoice total is wrong\n\n###\n\n"}), 7)
    defect_file("legacy-missing-prompt", "legacy_missing_key", "legacy", dumps({"completion": " billing END"}), "first")
    defect_file("legacy-missing-completion-no-newline", "legacy_missing_key", "legacy",
                dumps({"prompt": "Ticket: Search is slow\n\n###\n\n"}), "last-nonl")

    # ---------------- legacy_invalid_type ----------------
    defect_file("legacy-completion-number", "legacy_invalid_type", "legacy",
                dumps({"prompt": "Ticket: Rate my service\n\n###\n\n", "completion": 5}), 6)
    defect_file("legacy-prompt-array", "legacy_invalid_type", "legacy",
                dumps({"prompt": ["Ticket: Refund", "###"], "completion": " billing END"}), "first")
    defect_file("legacy-completion-null", "legacy_invalid_type", "legacy",
                dumps({"prompt": "Ticket: Nothing works\n\n###\n\n", "completion": None}), "last")

    # ---------------- preference_missing_key ----------------
    p = pref_obj(1400); del p["non_preferred_output"]
    defect_file("preference-missing-non-preferred", "preference_missing_key", "pref", dumps(p), 6)
    p = pref_obj(1401); del p["preferred_output"]
    defect_file("preference-missing-preferred", "preference_missing_key", "pref", dumps(p), "last")
    p = pref_obj(1402); del p["input"]
    defect_file("preference-missing-input", "preference_missing_key", "pref", dumps(p), 8)
    p = pref_obj(1403, schema_names=True); del p["non_preferred_completion"]
    defect_file("preference-schema-names-missing-non-preferred", "preference_missing_key", "pref-schema", dumps(p), 4)

    # ---------------- preference_invalid_output ----------------
    p = pref_obj(1500); p["preferred_output"].append({"role": "assistant", "content": "Anything else?"})
    defect_file("preference-output-two-messages", "preference_invalid_output", "pref", dumps(p), 7)
    p = pref_obj(1501); p["non_preferred_output"][0]["role"] = "user"
    defect_file("preference-output-user-message", "preference_invalid_output", "pref", dumps(p), "last")
    p = pref_obj(1502); p["preferred_output"] = []
    defect_file("preference-output-empty-array", "preference_invalid_output", "pref", dumps(p), "first")
    p = pref_obj(1503); p["non_preferred_output"] = p["non_preferred_output"][0]
    defect_file("preference-output-object-no-newline", "preference_invalid_output", "pref", dumps(p), "last-nonl")

    # ---------------- empty_file / too_few_examples ----------------
    add("empty-file-zero-bytes", "empty_file", "-", b"")
    add("too-few-examples-chat-9", "too_few_examples", "-",
        b"\n".join(VALID["chat"](1600 + i) for i in range(9)) + b"\n")
    add("too-few-examples-legacy-9-no-newline", "too_few_examples", "-",
        b"\n".join(VALID["legacy"](1610 + i) for i in range(9)))
    add("too-few-examples-pref-1", "too_few_examples", "-", VALID["pref"](1620) + b"\n")


# --------------------------------------------------------------------------
# Reference validator (from docs/data-checks.md), used only to check the corpus
# --------------------------------------------------------------------------

SPECIAL = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"]
MSG_KEYS = {"role", "content", "name", "weight", "function_call", "tool_calls", "tool_call_id", "refusal"}
ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
TOP_KEYS = {"chat": {"messages", "tools", "parallel_tool_calls", "functions"},
            "legacy": {"prompt", "completion"},
            "pref": {"input", "preferred_output", "non_preferred_output",
                     "preferred_completion", "non_preferred_completion"}}
JSON_WS = " \t\r"


def strict_loads(text):
    def bad(c):
        raise ValueError(f"non-JSON constant {c}")
    return json.loads(text, parse_constant=bad)


def detect(obj):
    if "messages" in obj:
        return "chat"
    if "prompt" in obj or "completion" in obj:
        return "legacy"
    if "input" in obj or any(k in obj for k in TOP_KEYS["pref"]):
        return "pref"
    return None


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)


def is_int01(w):
    return type(w) is int and w in (0, 1)


def check_messages(msgs, errs):
    for m in msgs:
        if not isinstance(m, dict):
            errs.append("message_missing_key"); continue
        role = m.get("role")
        if "role" not in m:
            errs.append("message_missing_key")
        elif role not in ROLES:
            errs.append("unrecognized_role")
        for key in m:
            if key not in MSG_KEYS:
                errs.append("message_unrecognized_key")
        calls = "tool_calls" in m or "function_call" in m
        if "content" not in m:
            if not (role == "assistant" and calls):
                errs.append("message_missing_key")
        else:
            c = m["content"]
            ok = isinstance(c, str) or (isinstance(c, list) and all(isinstance(p, dict) for p in c)) \
                or (c is None and role == "assistant" and calls)
            if not ok:
                errs.append("missing_content")
        if role == "tool" and "tool_call_id" not in m:
            errs.append("message_missing_key")
        if "weight" in m and (role != "assistant" or not is_int01(m["weight"])):
            errs.append("invalid_weight")
        if "tool_calls" in m:
            tc = m["tool_calls"]
            good = isinstance(tc, list) and all(
                isinstance(c, dict) and isinstance(c.get("id"), str) and c.get("type") == "function"
                and isinstance(c.get("function"), dict) and isinstance(c["function"].get("name"), str)
                and isinstance(c["function"].get("arguments"), str) for c in tc)
            if not good:
                errs.append("invalid_tool_calls")


def check_tools(obj, errs):
    if "tools" in obj:
        t = obj["tools"]
        good = isinstance(t, list) and all(
            isinstance(x, dict) and x.get("type") == "function" and isinstance(x.get("function"), dict)
            and isinstance(x["function"].get("name"), str) for x in t)
        if not good:
            errs.append("invalid_tools")
    if "parallel_tool_calls" in obj and not isinstance(obj["parallel_tool_calls"], bool):
        errs.append("invalid_parallel_tool_calls")


def validate(data):
    """Returns (errors, warnings) as lists of (line, key); line is '-' for whole-file problems."""
    errors, warnings = [], []
    if data.startswith(BOM):
        errors.append((1, "bom"))
        data = data[len(BOM):]
    if data == b"":
        errors.append(("-", "empty_file"))
        return errors, warnings
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    fmt, n_valid, seen = None, 0, set()
    for n, raw in enumerate(lines, 1):
        if raw in seen:
            warnings.append((n, "duplicate_example"))
        seen.add(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors.append((n, "invalid_utf8")); continue
        if text.strip(JSON_WS) == "":
            errors.append((n, "empty_line")); continue
        try:
            obj = strict_loads(text)
        except ValueError:
            errors.append((n, "invalid_json")); continue
        if not isinstance(obj, dict):
            errors.append((n, "data_type")); continue
        lf = detect(obj)
        if fmt is None:
            fmt = lf or "chat"
        errs = []
        if lf is not None and lf != fmt:
            errors.append((n, "mixed_format")); continue
        for s in strings(obj):
            if any(t in s for t in SPECIAL):
                errs.append("special_token"); break
        for key in obj:
            if key not in TOP_KEYS[fmt]:
                warnings.append((n, "example_unrecognized_key"))
        if fmt == "chat":
            msgs = obj.get("messages")
            if not isinstance(msgs, list) or not msgs:
                errs.append("missing_messages_list")
            else:
                check_messages(msgs, errs)
                check_tools(obj, errs)
                roles = [m.get("role") for m in msgs if isinstance(m, dict)]
                if "assistant" not in roles:
                    errs.append("example_missing_assistant_message")
                if "system" not in roles and "developer" not in roles:
                    warnings.append((n, "missing_system_message"))
                if "user" not in roles:
                    warnings.append((n, "missing_user_message"))
        elif fmt == "legacy":
            for k in ("prompt", "completion"):
                if k not in obj:
                    errs.append("legacy_missing_key")
                elif not isinstance(obj[k], str):
                    errs.append("legacy_invalid_type")
        else:
            pref_key = "preferred_output" if "preferred_output" in obj or "preferred_completion" not in obj \
                else "preferred_completion"
            non_key = "non_preferred_output" if "non_preferred_output" in obj or "non_preferred_completion" not in obj \
                else "non_preferred_completion"
            for k in ("input", pref_key, non_key):
                if k not in obj:
                    errs.append("preference_missing_key")
            inp = obj.get("input")
            if isinstance(inp, dict) and isinstance(inp.get("messages"), list):
                check_messages(inp["messages"], errs)
                check_tools(inp, errs)
            for k in (pref_key, non_key):
                if k in obj:
                    out = obj[k]
                    if not (isinstance(out, list) and len(out) == 1 and isinstance(out[0], dict)
                            and out[0].get("role") == "assistant" and isinstance(out[0].get("content"), str)):
                        errs.append("preference_invalid_output")
        errors.extend((n, e) for e in errs)
        if not errs:
            n_valid += 1
    if not lines:
        errors.append(("-", "empty_file"))
    elif n_valid < 10:
        errors.append(("-", "too_few_examples"))
    return errors, warnings


def self_check():
    failures = []
    keys_in_doc = None
    doc = os.path.join(HERE, "..", "..", "..", "..", "docs", "data-checks.md")
    if os.path.exists(doc):
        text = open(doc, encoding="utf-8").read()
        errors_table = text.split("## Errors")[1].split("## Warnings")[0]
        keys_in_doc = {line.split("`")[1] for line in errors_table.splitlines() if line.startswith("| `")}
    for name, key, line, data in FILES:
        errors, warnings = validate(data)
        if errors != [(line, key)] or warnings:
            failures.append(f"{name}: expected [({line!r}, {key!r})], got errors={errors} warnings={warnings}")
        # The defect line itself, checked on its own.
        lines = data[len(BOM):].split(b"\n") if key == "bom" else data.split(b"\n")
        if line != "-":
            raw = lines[line - 1]
            if key == "invalid_utf8":
                try:
                    raw.decode("utf-8"); failures.append(f"{name}: defect line decodes")
                except UnicodeDecodeError:
                    pass
                try:
                    strict_loads(raw.decode("utf-8", errors="replace"))
                except ValueError:
                    failures.append(f"{name}: line is not JSON even with U+FFFD replacements")
            elif key == "invalid_json":
                try:
                    strict_loads(raw.decode("utf-8")); failures.append(f"{name}: defect line parses")
                except ValueError:
                    pass
        # Every other line decodes and parses, and no two lines are equal.
        body = [l for i, l in enumerate(lines, 1) if i != line and l != b""]
        if line == "-" or key == "bom":
            body = [l for l in lines if l != b""]
        for l in body:
            strict_loads(l.decode("utf-8"))
        nonblank = [l for l in lines if l.strip(b" \t\r")]
        if len(set(nonblank)) != len(nonblank):
            failures.append(f"{name}: duplicate lines")
        if key not in ("empty_file", "too_few_examples") and len(body) < 12:
            failures.append(f"{name}: only {len(body)} valid lines")
    covered = {k for _, k, _, _ in FILES}
    if keys_in_doc is not None and keys_in_doc - covered:
        failures.append(f"error keys not covered: {sorted(keys_in_doc - covered)}")
    if len(FILES) > 99:
        failures.append("more than 99 files: the NN- prefix would overflow")
    return failures


def main():
    check_only = "--check" in sys.argv[1:]
    build()
    failures = self_check()
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    manifest = "file\tkey\tline\n" + "".join(f"{n}\t{k}\t{l}\n" for n, k, l, _ in FILES)
    wanted = {n: d for n, _, _, d in FILES}
    wanted["MANIFEST.tsv"] = manifest.encode("utf-8")
    existing = {f for f in os.listdir(HERE) if f.endswith(".jsonl") or f == "MANIFEST.tsv"}
    if check_only:
        bad = sorted(existing ^ set(wanted))
        bad += [n for n in sorted(wanted) if n in existing and open(os.path.join(HERE, n), "rb").read() != wanted[n]]
        if bad:
            print("out of date: " + ", ".join(bad), file=sys.stderr)
            sys.exit(1)
        print(f"ok: {len(FILES)} files up to date")
        return
    for stale in existing - set(wanted):
        os.remove(os.path.join(HERE, stale))
    for n, d in wanted.items():
        with open(os.path.join(HERE, n), "wb") as f:
            f.write(d)
    print(f"wrote {len(FILES)} files and MANIFEST.tsv")


if __name__ == "__main__":
    main()
