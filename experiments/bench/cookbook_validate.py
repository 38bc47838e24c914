"""OpenAI's data-preparation notebook (Chat_finetuning_data_prep.ipynb), as a timed script: the peer
that `ftsweep data validate` is measured against. Same checks, same token counting with tiktoken.

Usage: python3 experiments/bench/cookbook_validate.py FILE TOKENIZER_DIR  → prints `examples MB/s`
"""
import hashlib, json, os, shutil, sys, tempfile, time
from collections import defaultdict

path, tokenizers = sys.argv[1], sys.argv[2]
cache = tempfile.mkdtemp(prefix="tiktoken-cache-")
url = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
shutil.copy(os.path.join(tokenizers, "o200k_base.tiktoken"), os.path.join(cache, hashlib.sha1(url.encode()).hexdigest()))
os.environ["TIKTOKEN_CACHE_DIR"] = cache
import tiktoken  # noqa: E402

encoding = tiktoken.get_encoding("o200k_base")
start = time.perf_counter()
with open(path, "r", encoding="utf-8") as f:
    dataset = [json.loads(line) for line in f]
format_errors = defaultdict(int)
for ex in dataset:
    if not isinstance(ex, dict):
        format_errors["data_type"] += 1
        continue
    messages = ex.get("messages", None)
    if not messages:
        format_errors["missing_messages_list"] += 1
        continue
    for message in messages:
        if "role" not in message or "content" not in message:
            format_errors["message_missing_key"] += 1
        if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
            format_errors["message_unrecognized_key"] += 1
        if message.get("role", None) not in ("system", "user", "assistant", "function"):
            format_errors["unrecognized_role"] += 1
        content = message.get("content", None)
        function_call = message.get("function_call", None)
        if (not content and not function_call) or not isinstance(content, str):
            format_errors["missing_content"] += 1
    if not any(message.get("role", None) == "assistant" for message in messages):
        format_errors["example_missing_assistant_message"] += 1

def num_tokens_from_messages(messages, tokens_per_message=3, tokens_per_name=1):
    num_tokens = 0
    for message in messages:
        num_tokens += tokens_per_message
        for key, value in message.items():
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += tokens_per_name
    num_tokens += 3
    return num_tokens

def num_assistant_tokens_from_messages(messages):
    return sum(len(encoding.encode(m["content"])) for m in messages if m["role"] == "assistant")

n_messages, convo_lens, assistant_lens = [], [], []
for ex in dataset:
    messages = ex["messages"]
    n_messages.append(len(messages))
    convo_lens.append(num_tokens_from_messages(messages))
    assistant_lens.append(num_assistant_tokens_from_messages(messages))
elapsed = time.perf_counter() - start
print(len(dataset), os.path.getsize(path) / 1e6 / elapsed, sum(convo_lens))
