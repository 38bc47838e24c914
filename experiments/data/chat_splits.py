"""Writes a converted data set's splits as chat JSONL, one file per split (shared by the converters
of experiments/data/*/convert.py, which put this folder on their path)."""
import json
import os


def write_splits(out, splits, system):
    """Writes `splits` ({name: [(answer, text)]}, in order) to OUT/NAME.jsonl: each example the system
    prompt, the text as the user's message and the answer as the assistant's."""
    os.makedirs(out, exist_ok=True)
    for name, examples in splits.items():
        with open(os.path.join(out, f"{name}.jsonl"), "w", encoding="utf-8") as handle:
            for answer, text in examples:
                messages = [{"role": "system", "content": system}, {"role": "user", "content": text},
                            {"role": "assistant", "content": answer}]
                handle.write(json.dumps({"messages": messages}) + "\n")
        print(f"{out}/{name}.jsonl: {len(examples)} examples")
