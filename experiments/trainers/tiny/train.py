#!/usr/bin/env python3
"""A tiny, real trainer that follows ftsweep's trainer contract (docs/trainer-contract.md).

A bag-of-words softmax classifier over chat JSONL: the features are hashed words of the user's
messages, the label is the assistant's answer. NumPy only. Seeded, so a trial reruns exactly.

    python3 train.py --train train.jsonl --valid valid.jsonl --out RUN_DIR \
        --model bow-1024 --epochs 3 --lr-mult 1 --batch 8 --seed 0

Writes RUN_DIR/metrics.jsonl (one line per step, flushed as it goes), RUN_DIR/model.npz,
RUN_DIR/epoch-N.npz checkpoints and RUN_DIR/model.json naming them.
"""
import argparse
import json
import os
import re
import sys
import zlib

import numpy as np

BASE_LEARNING_RATE = 0.5
VALID_EVERY = 5  # steps between validation losses on a validation batch


def auto(value, default, kind):
    return default if value in (None, "", "auto") else kind(value)


def read_examples(path):
    """(user text, assistant answer) per line of a chat JSONL file."""
    examples = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            messages = json.loads(line)["messages"]
            user = " ".join(m["content"] for m in messages if m["role"] == "user")
            answers = [m["content"] for m in messages if m["role"] == "assistant"]
            if not answers:
                sys.exit(f"{path}:{number}: no assistant message to learn")
            examples.append((user, answers[-1].strip()))
    return examples


def features(texts, buckets):
    """Hashed word counts, log-scaled: one row per text."""
    matrix = np.zeros((len(texts), buckets), dtype=np.float64)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9']+", text.lower()):
            matrix[row, zlib.crc32(word.encode()) % buckets] += 1.0
    return np.log1p(matrix)


def softmax_loss(weights, bias, x, y):
    """Mean cross-entropy, accuracy, and the gradients."""
    logits = x @ weights + bias
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    count = len(y)
    loss = float(-np.log(probabilities[np.arange(count), y] + 1e-12).mean())
    accuracy = float((probabilities.argmax(axis=1) == y).mean())
    probabilities[np.arange(count), y] -= 1.0
    return loss, accuracy, x.T @ probabilities / count, probabilities.mean(axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--valid")
    parser.add_argument("--out", required=True, help="the run directory ftsweep gives ({run_dir})")
    parser.add_argument("--model", default="bow-1024", help="bow-N: N hashed word buckets")
    parser.add_argument("--epochs", default="auto")
    parser.add_argument("--lr-mult", default="auto")
    parser.add_argument("--batch", default="auto")
    parser.add_argument("--seed", default=os.environ.get("FTSWEEP_SEED", "0"))
    args = parser.parse_args()

    match = re.fullmatch(r"bow-(\d+)", args.model)
    if not match:
        sys.exit(f"unknown model '{args.model}'; expected bow-N, such as bow-1024")
    buckets = int(match.group(1))
    epochs = auto(args.epochs, 3, int)
    learning_rate = BASE_LEARNING_RATE * auto(args.lr_mult, 1.0, float)
    batch = auto(args.batch, 8, int)
    rng = np.random.default_rng(int(args.seed))

    train = read_examples(args.train)
    valid = read_examples(args.valid) if args.valid else []
    labels = sorted({answer for _, answer in train})
    index = {label: number for number, label in enumerate(labels)}
    x_train = features([text for text, _ in train], buckets)
    y_train = np.array([index[answer] for _, answer in train])
    known = [(text, answer) for text, answer in valid if answer in index]
    x_valid = features([text for text, _ in known], buckets)
    y_valid = np.array([index[answer] for _, answer in known], dtype=int)

    weights = rng.normal(0.0, 0.01, size=(buckets, len(labels)))
    bias = np.zeros(len(labels))
    steps_per_epoch = -(-len(train) // batch)
    total_steps = epochs * steps_per_epoch
    os.makedirs(args.out, exist_ok=True)
    checkpoints = []
    step = 0
    with open(os.path.join(args.out, "metrics.jsonl"), "a", encoding="utf-8") as metrics:
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(train))
            for start in range(0, len(train), batch):
                rows = order[start:start + batch]
                loss, accuracy, grad_w, grad_b = softmax_loss(weights, bias, x_train[rows], y_train[rows])
                weights -= learning_rate * grad_w
                bias -= learning_rate * grad_b
                step += 1
                line = {"step": step, "total_steps": total_steps, "epoch": epoch,
                        "train_loss": round(loss, 6), "train_mean_token_accuracy": round(accuracy, 6)}
                if len(y_valid) and (step % VALID_EVERY == 0 or step == total_steps):
                    sample = rng.choice(len(y_valid), size=min(batch, len(y_valid)), replace=False)
                    valid_loss, valid_accuracy, _, _ = softmax_loss(weights, bias, x_valid[sample], y_valid[sample])
                    line["valid_loss"] = round(valid_loss, 6)
                    line["valid_mean_token_accuracy"] = round(valid_accuracy, 6)
                if len(y_valid) and step == total_steps:
                    full_loss, full_accuracy, _, _ = softmax_loss(weights, bias, x_valid, y_valid)
                    line["full_valid_loss"] = round(full_loss, 6)
                    line["full_valid_mean_token_accuracy"] = round(full_accuracy, 6)
                metrics.write(json.dumps(line) + "\n")
                metrics.flush()  # ftsweep tails this file while the trial runs
            path = os.path.join(args.out, f"epoch-{epoch}.npz")
            np.savez(path, weights=weights, bias=bias, labels=np.array(labels))
            checkpoints.append({"step": step, "model": path})
    model = os.path.join(args.out, "model.npz")
    np.savez(model, weights=weights, bias=bias, labels=np.array(labels))
    with open(os.path.join(args.out, "model.json"), "w", encoding="utf-8") as handle:
        json.dump({"model": model, "checkpoints": checkpoints[:-1]}, handle)


if __name__ == "__main__":
    main()
