#!/usr/bin/env python3
"""A tiny, real trainer that follows ftsweep's trainer contract (docs/trainer-contract.md).

A bag-of-words softmax classifier over chat JSONL: the features are hashed words of the user's
messages, the label is the assistant's answer. NumPy only. Seeded, so a trial reruns exactly.

    python3 train.py --train train.jsonl --valid valid.jsonl --out RUN_DIR \
        --model bow-1024 --epochs 3 --lr-mult 1 --batch 8 --seed 0 \
        [--learning-rate 0.3] [--warmup-ratio 0.1] [--scheduler cosine] [--lora-r 16]

The last four are the knobs open models are swept over: an absolute learning rate (instead of
the base rate times --lr-mult), a linear warm-up over that share of the steps, the schedule after
it (constant, linear or cosine decay to 0), and a rank: with --lora-r R the weight matrix is a
product A·B of rank R, as a LoRA adapter is. Left out, each keeps the trainer as it was.

Writes RUN_DIR/metrics.jsonl (one line per step, flushed as it goes), RUN_DIR/model.npz,
RUN_DIR/epoch-N.npz checkpoints and RUN_DIR/model.json naming them.
"""
import argparse
import json
import math
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


def rate_at(step, total_steps, peak, warmup_ratio, scheduler):
    """The learning rate of 1-based `step`: linear warm-up, then the schedule's decay."""
    warmup = int(round(warmup_ratio * total_steps))
    if step <= warmup:
        return peak * step / warmup
    progress = (step - warmup) / max(1, total_steps - warmup)
    if scheduler == "linear":
        return peak * (1.0 - progress)
    if scheduler == "cosine":
        return peak * 0.5 * (1.0 + math.cos(math.pi * progress))
    return peak


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
    parser.add_argument("--learning-rate", default="auto", help="an absolute rate; replaces the base rate times --lr-mult")
    parser.add_argument("--warmup-ratio", default="auto", help="share of the steps the rate rises over (0 to 1)")
    parser.add_argument("--scheduler", default="auto", help="constant, linear or cosine, after the warm-up")
    parser.add_argument("--lora-r", default="auto", help="rank of the weights as a product A·B; full rank when left out")
    args = parser.parse_args()

    match = re.fullmatch(r"bow-(\d+)", args.model)
    if not match:
        sys.exit(f"unknown model '{args.model}'; expected bow-N, such as bow-1024")
    buckets = int(match.group(1))
    epochs = auto(args.epochs, 3, int)
    learning_rate = auto(args.learning_rate, BASE_LEARNING_RATE * auto(args.lr_mult, 1.0, float), float)
    batch = auto(args.batch, 8, int)
    warmup_ratio = auto(args.warmup_ratio, 0.0, float)
    scheduler = auto(args.scheduler, "constant", str)
    rank = auto(args.lora_r, None, int)
    if not 0 <= warmup_ratio <= 1:
        sys.exit(f"--warmup-ratio {warmup_ratio}: expected a share from 0 to 1")
    if scheduler not in ("constant", "linear", "cosine"):
        sys.exit(f"--scheduler {scheduler}: expected constant, linear or cosine")
    if rank is not None and rank < 1:
        sys.exit(f"--lora-r {rank}: expected a rank of at least 1")
    if learning_rate <= 0:
        sys.exit(f"--learning-rate {learning_rate}: expected a rate above 0")
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
    if rank is not None:
        # W = A·B: A starts random, B at zero (as LoRA starts its update at zero), so W starts at 0.
        factor_a = rng.normal(0.0, 1.0 / math.sqrt(rank), size=(buckets, rank))
        factor_b = np.zeros((rank, len(labels)))
        weights = factor_a @ factor_b
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
                step += 1
                rate = rate_at(step, total_steps, learning_rate, warmup_ratio, scheduler)
                if rank is None:
                    weights -= rate * grad_w
                else:
                    grad_a, grad_factor_b = grad_w @ factor_b.T, factor_a.T @ grad_w
                    factor_a -= rate * grad_a
                    factor_b -= rate * grad_factor_b
                    weights = factor_a @ factor_b
                bias -= rate * grad_b
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
