#!/usr/bin/env python3
"""Builds a tiny causal language model from a config, offline, as the base for hf-sft's LoRA runs.

    python3 make_tiny_base.py --data train.jsonl --out BASE_DIR

No model hub is needed: a byte-level BPE tokenizer is trained on the chat data with the
`tokenizers` library, given a chat template, and a 2-layer Llama of width 64 is initialised at
random (seeded). The folder loads with `AutoModelForCausalLM.from_pretrained(BASE_DIR)` like any
downloaded model, so the same train.py and serve.py run a real base model unchanged.
"""
import argparse
import json

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

SPECIAL = ["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>"]
# The same layout any chat model's template gives: a role marker, the text, an end-of-turn token.
CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}</s>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def texts(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                for message in json.loads(line)["messages"]:
                    yield message.get("content") or ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="chat JSONL to train the tokenizer on")
    parser.add_argument("--out", required=True)
    parser.add_argument("--vocab", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    bpe = Tokenizer(models.BPE(unk_token=None))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(
        texts(args.data),
        trainers.BpeTrainer(vocab_size=args.vocab, special_tokens=SPECIAL,
                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, pad_token="<pad>", bos_token="<s>", eos_token="</s>")
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(args.out)

    torch.manual_seed(args.seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512,
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, tie_word_embeddings=True)
    LlamaForCausalLM(config).save_pretrained(args.out)
    print(f"{args.out}: {sum(p.numel() for p in LlamaForCausalLM(config).parameters())} parameters, "
          f"vocabulary {len(tokenizer)}")


if __name__ == "__main__":
    main()
