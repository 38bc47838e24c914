#!/usr/bin/env python3
"""LoRA fine-tuning with TRL's SFTTrainer and PEFT, following ftsweep's trainer contract.

    python3 train.py --base BASE_DIR --train train.jsonl --valid valid.jsonl --out RUN_DIR \
        --epochs 2 --lr-mult 1 --batch 8 --seed 0 --lora-r 8 --lora-alpha 16 --lora-dropout 0.05 \
        --warmup-ratio 0.1

BASE_DIR is any causal language model folder with a chat template (offline: HF_HUB_OFFLINE=1).
Streams RUN_DIR/metrics.jsonl from a TrainerCallback (train loss at every logging step, eval loss
at every evaluation, the whole validation set's loss at the end), and writes the LoRA adapter to
RUN_DIR/adapter, Trainer's own RUN_DIR/trainer_state.json, and RUN_DIR/model.json naming the adapter.
"""
import argparse
import json
import os

from datasets import load_dataset
from peft import LoraConfig
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
from trl import SFTConfig, SFTTrainer

BASE_LEARNING_RATE = 2e-3  # ×learning_rate_multiplier; LoRA on a small model takes a large rate


def auto(value, default, kind):
    return default if value in (None, "", "auto") else kind(value)


class MetricsStream(TrainerCallback):
    """Appends one metrics.jsonl line per logging step and evaluation, flushed at once for ftsweep."""

    def __init__(self, path):
        self.handle = open(path, "a", encoding="utf-8")

    def write(self, line):
        self.handle.write(json.dumps(line) + "\n")
        self.handle.flush()

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        line = {"step": state.global_step, "total_steps": state.max_steps, "epoch": state.epoch}
        if "loss" in logs:
            line["train_loss"] = logs["loss"]
            if "mean_token_accuracy" in logs:
                line["train_mean_token_accuracy"] = logs["mean_token_accuracy"]
            if "learning_rate" in logs:
                line["learning_rate"] = logs["learning_rate"]
        if "eval_loss" in logs:
            line["valid_loss"] = logs["eval_loss"]
            if "eval_mean_token_accuracy" in logs:
                line["valid_mean_token_accuracy"] = logs["eval_mean_token_accuracy"]
        if len(line) > 3:
            self.write(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the base model's folder (or hub name, when online)")
    parser.add_argument("--train", required=True)
    parser.add_argument("--valid", required=True)
    parser.add_argument("--out", required=True, help="the run directory ftsweep gives ({run_dir})")
    parser.add_argument("--epochs", default="auto")
    parser.add_argument("--lr-mult", default="auto")
    parser.add_argument("--batch", default="auto")
    parser.add_argument("--seed", default=os.environ.get("FTSWEEP_SEED", "0"))
    parser.add_argument("--lora-r", type=int, default=8)
    parser.add_argument("--lora-alpha", type=int, default=16)
    parser.add_argument("--lora-dropout", type=float, default=0.05)
    parser.add_argument("--warmup-ratio", type=float, default=0.1, help="a fraction of the steps (below 1)")
    parser.add_argument("--eval-steps", type=int, default=10)
    args = parser.parse_args()

    tokenizer = AutoTokenizer.from_pretrained(args.base)
    model = AutoModelForCausalLM.from_pretrained(args.base)
    data = load_dataset("json", data_files={"train": args.train, "valid": args.valid})
    config = SFTConfig(
        output_dir=args.out, num_train_epochs=auto(args.epochs, 2, int),
        learning_rate=BASE_LEARNING_RATE * auto(args.lr_mult, 1.0, float),
        per_device_train_batch_size=auto(args.batch, 8, int), per_device_eval_batch_size=32,
        warmup_steps=args.warmup_ratio, seed=int(args.seed), logging_steps=1, eval_strategy="steps",
        eval_steps=args.eval_steps, save_strategy="no", report_to=[], use_cpu=True, max_length=256,
        assistant_only_loss=False, dataloader_num_workers=0, disable_tqdm=True)
    lora = LoraConfig(
        r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=args.lora_dropout, task_type="CAUSAL_LM",
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj"])
    os.makedirs(args.out, exist_ok=True)
    stream = MetricsStream(os.path.join(args.out, "metrics.jsonl"))
    trainer = SFTTrainer(
        model=model, args=config, train_dataset=data["train"], eval_dataset=data["valid"],
        processing_class=tokenizer, peft_config=lora, callbacks=[stream])
    trainer.train()
    final = trainer.evaluate()  # the whole validation set, at the last step: what sweeps rank by
    line = {"step": trainer.state.global_step, "total_steps": trainer.state.max_steps,
            "full_valid_loss": final["eval_loss"]}
    if "eval_mean_token_accuracy" in final:
        line["full_valid_mean_token_accuracy"] = final["eval_mean_token_accuracy"]
    stream.write(line)
    trainer.save_state()  # trainer_state.json, Trainer's own record of the same numbers
    adapter = os.path.join(args.out, "adapter")
    trainer.model.save_pretrained(adapter)
    tokenizer.save_pretrained(adapter)
    with open(os.path.join(args.out, "model.json"), "w", encoding="utf-8") as handle:
        json.dump({"model": adapter}, handle)


if __name__ == "__main__":
    main()
