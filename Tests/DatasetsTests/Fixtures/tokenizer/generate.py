#!/usr/bin/env python3
"""Generate the tokenizer test-fixture corpus `cases.json` for ftsweep.

The expected token ids come from OpenAI's own `tiktoken` (used as the
reference implementation; the corpus was produced with tiktoken 0.12.0).
The Swift tokenizer in ftsweep must reproduce them exactly.

Run from the repository root, with the rank files ftsweep ships:

    python3 Tests/DatasetsTests/Fixtures/tokenizer/generate.py

Options:
    --tokenizers DIR  directory holding o200k_base.tiktoken and cl100k_base.tiktoken
                      (default: <repo>/Sources/CTokenizerRanks/ranks)
    --out FILE        output path (default: cases.json next to this script)
    --check           do not write; exit 1 if FILE differs from what would be written

Requirements: python3 with `pip install tiktoken` (0.12.0 used). No network is
needed: the rank files are copied into a private TIKTOKEN_CACHE_DIR under the
names tiktoken would download them to, so `tiktoken.get_encoding()` builds the
encodings with the exact pat_str/special tokens of the installed tiktoken, and
tiktoken verifies each file's sha256 before using it.

Output format: a JSON array, one object per line:
    {"text": "...", "o200k_base": [ids...], "cl100k_base": [ids...]}
ids are from `Encoding.encode_ordinary` (special-token strings such as
"<|endoftext|>" are encoded as ordinary text). JSON is written with
ensure_ascii=True, so characters outside the BMP appear as UTF-16 surrogate
pair escapes (e.g. "\\ud83d\\ude00"), which every JSON decoder joins back into
one scalar.

The script is deterministic: the case list is fixed, and the random mixes use
random.Random(20261121). It asserts: >= 320 cases, no duplicate texts,
"hello world" -> o200k [24912, 2375] / cl100k [15339, 1917], and that
decode(ids) == text for every case under both encodings.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

SEED = 20261121
ENCODINGS = ("o200k_base", "cl100k_base")

# sha1 of the download URL (tiktoken's cache key) and sha256 of the file.
RANK_FILES = {
    "o200k_base": (
        "fb374d419588a4632f3f557e76b4b70aebbca790",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
    "cl100k_base": (
        "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
}

SCRIPT_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPT_DIR.parents[3]  # Tests/DatasetsTests/Fixtures/tokenizer -> repo root


# ---------------------------------------------------------------------------
# Loading tiktoken offline
# ---------------------------------------------------------------------------

def load_encodings(tokenizers_dir: Path):
    cache = Path(tempfile.mkdtemp(prefix="ftsweep-tiktoken-cache-"))
    for name, (cache_key, sha256) in RANK_FILES.items():
        src = tokenizers_dir / f"{name}.tiktoken"
        data = src.read_bytes()
        got = hashlib.sha256(data).hexdigest()
        if got != sha256:
            sys.exit(f"{src}: sha256 {got} != expected {sha256}")
        shutil.copyfile(src, cache / cache_key)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    import tiktoken  # imported late so the cache dir is in place

    encs = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
    shutil.rmtree(cache, ignore_errors=True)
    return tiktoken.__version__, encs


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------

def prose():
    return [
        "hello world",
        "Hello world",
        "Hello, world!",
        "HELLO WORLD",
        " hello world",
        "The quick brown fox jumps over the lazy dog.",
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
        "It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness...",
        "Call me Ishmael. Some years ago - never mind how long precisely - having little or no money "
        "in my purse, and nothing particular to interest me on shore, I thought I would sail about a "
        "little and see the watery part of the world.",
        "To be, or not to be: that is the question.",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
        "labore et dolore magna aliqua.",
        "Fine-tuning a model on 1,000 examples usually takes a few minutes.",
        "Please summarize the following article in three bullet points.",
        "Q: What is the capital of France?\nA: Paris.",
        "Dear Sir or Madam,\n\nI am writing to inform you that your order has shipped.\n\nBest regards,\nAlice",
        "a",
        "I",
        "A",
        "an",
        "the",
        "The",
        " the",
        " The",
        "word",
        " word",
        "Mr. Smith went to Washington D.C. in the U.S.A.",
        "e.g. i.e. etc. vs. cf. al.",
        "Once upon a time, there was a tokenizer that split words into pieces.",
        "She sells sea shells by the sea shore.",
        "Sphinx of black quartz, judge my vow.",
        "How vexingly quick daft zebras jump!",
        "In 1492, Columbus sailed the ocean blue.",
        "user: hi\nassistant: Hello! How can I help you today?",
        "tokenization tokenizer tokenize tokens token",
        "unbelievable unbelievably disbelief believer",
        "antidisestablishmentarianism",
    ]


def contractions():
    return [
        "don't", "Don't", "DON'T", "dOn'T",
        "it's", "It's", "IT'S", "it'S",
        "they're", "THEY'RE", "they'Re",
        "we've", "WE'VE", "we'Ve",
        "I'm", "I'M", "i'm",
        "you'll", "YOU'LL", "you'Ll", "we'LL",
        "he'd", "HE'D", "he'D",
        "can't", "won't", "shan't", "ain't",
        "She's here. He's there. It's everywhere.",
        "I'm sure you'll see we've done what they'd've wanted, and it's fine.",
        "y'all'd've",
        "can't've",
        "O'Neil's",
        "O'NEIL'S",
        "rock 'n' roll",
        "'tis the season",
        "'s", "'S", "'t", "'re", "'ve", "'m", "'ll", "'LL", "'d", "'D",
        " 's", " 'll",
        "'", "''", "'''", "don''t",
        "'hello'",
        "\"it's\"",
        "the dog's bone",
        "the dogs' bones",
        "James' book",
        "ABC's", "USA'S", "NASA's",
        "1990's", "90's", "the 80's",
        "x'LL", "X'll", "A's",
        "l'homme", "d'Artagnan", "aujourd'hui",
        # curly (U+2019) and other apostrophe-like characters: NOT contractions for the regex
        "don\u2019t", "it\u2019s", "IT\u2019S", "we\u2019ll", "I\u2019m", "they\u2019re",
        "\u2018quoted\u2019", "\u2019s",
        "John\u02bcs",      # U+02BC MODIFIER LETTER APOSTROPHE (Lm, a letter)
        "don`t",            # backtick
        "don\u00b4t",       # acute accent
        "Ελένη's", "Москва's", "東京's", "Straße's", "ÉCOLE'S",
        "it's-it's-it's",
        # The regex's (?i:...) uses Unicode simple case folding, so U+017F LATIN SMALL
        # LETTER LONG S matches the "s" of a contraction; "'sabc" shows the suffix split.
        "it'\u017f", "x'\u017fabc", "'\u017ftop", "it'\u017felf", "he'\u017fweet",
        "it'sabc", "IT'Sabc", "don'tcare",
        "'re'", "'s's", "'ll've",
    ]


def digits():
    long_num = "".join(str((i * 7 + 3) % 10) for i in range(100))
    return [
        "0", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678",
        "123456789", "1234567890", "12345678901234567890", long_num,
        " 1", " 12", " 123", " 1234", "  1234",
        "3.14159",
        "3.14159265358979323846264338327950288419716939937510",
        "-42", "+42", "1e-10", "6.022e23", "0x1F", "0xDEADBEEF", "0b1010", "0o777",
        "1,000", "1,000,000", "1.000.000,00", "$1,234.56", "\u20ac1.234,56", "10%", "99.9%",
        "2026-11-21", "21/11/2026", "11/21/26", "2026-11-21T10:30:00.000Z", "12:34:56",
        "Nov 21, 2026", "Tuesday, 21 November 2026",
        "+1 (555) 123-4567", "555-0100", "+44 20 7946 0958", "(212) 555-1212",
        "4111 1111 1111 1111",
        "192.168.0.1", "127.0.0.1:8080", "::1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "v1.2.3", "1.2.3-beta.4+build.567", "Python 3.11.7",
        "1st 2nd 3rd 4th 21st 101st",
        "abc123def", "A1B2C3", "x86_64", "H2O", "CO2",
        "000", "0000000", "000123", "007",
        "1 2 3 4 5", "1\n2\n3", "1,2,3", "1-2-3", "1.2.3.4.5",
        "12 345 678",
        "\u0663\u0664\u0665",               # Arabic-Indic digits
        "\u0967\u0968\u0969\u096a",         # Devanagari digits
        "\uff11\uff12\uff13\uff14",         # fullwidth digits
        "\u216b",                           # ROMAN NUMERAL TWELVE (Nl)
        "\u00bd \u00bc \u00be",             # vulgar fractions (No)
        "x\u00b2 + y\u00b3",                # superscripts (No)
        "\u2460\u2461\u2462",               # circled digits (No)
        "\U0001d7d8\U0001d7d9\U0001d7da",   # mathematical double-struck digits (Nd, non-BMP)
        "\u0e51\u0e52\u0e53",               # Thai digits
        "\u4e00\u4e8c\u4e09 123 \u56db",    # CJK numerals (Lo) next to digits
        "2^64 = 18446744073709551616",
        "1234abcd5678",
        "pi=3.14,e=2.72",
    ]


def whitespace():
    return [
        "", " ", "  ", "   ", "    ", " " * 8, " " * 17, " " * 100,
        "\t", "\t\t", "\t\t\t\t",
        "\n", "\r\n", "\r", "\n\n", "\n\n\n", "\r\n\r\n", "\r\r", "\n\r",
        "\n" * 10, "\r\n" * 5,
        " \n", "\n ", " \n ", "\n \n", "  \n  \n", " \t \n", "\t\n", "\n\t",
        "hello  world", "hello   world", "hello    world", "hello\tworld", "hello\t\tworld",
        "hello\nworld", "hello\r\nworld", "hello\n\nworld", "hello\n\n\nworld",
        "hello \nworld", "hello  \n\nworld", "hello \n \n world",
        "trailing ", "trailing   ", "trailing\t", "trailing\n", "trailing \n", "trailing  \n\n",
        " leading", "   leading", "\tleading", "\nleading", "\n\n\nleading",
        "a" + " " * 20 + "b",
        "a \t b", "a\t \tb",
        "line1\r\nline2\r\nline3\r\n",
        "line1\nline2\n\nline4\n",
        "    indented code\n        more indented\n",
        "\t\tdef f():\n\t\t\treturn 1\n",
        "word \n", "word  \n", "word\n ", "word\n  next",
        "end with newline\n",
        "x\n\n\n", "\n\n\nx", "  \n\n  x",
        "\u00a0", "a\u00a0b", "a \u00a0 b",          # NO-BREAK SPACE
        "\u3000", "\u65e5\u672c\u3000\u8a9e",          # IDEOGRAPHIC SPACE
        "a\u2028b", "a\u2029b",                        # LINE / PARAGRAPH SEPARATOR
        "\u0085", "a\u0085b",                          # NEXT LINE
        "\x0b", "\x0c", "a\x0bb\x0cc",                # VT, FF
        "\u2003\u2002\u2009\u200a",                    # em/en/thin/hair spaces
        "\u202f", "\u205f", "\u1680",
        "\u200b", "a\u200bb",                          # ZERO WIDTH SPACE (not \s)
        "\ufeffBOM at start",
        " \r\n \r\n ",
        "\n \t\r\n\t \n",
        "   \n   \n   ",
        "x \n\ny",
        "x  \r\n  y",
        "x\r\n\r\n\r\ny",
        "x\r \ny",
    ]


def punctuation():
    return [
        ".", ",", "!", "?", "!!!", "?!?!", "...", "\u2026", "---", "\u2014", "\u2013",
        "!!!\n", "...\n\n", "?\r\n", ".\n\n\n", "!/\n", "/\n/", "end./", "),\n", "};\n\n",
        " .", " !\n", " ...", "  ...", "\n...",
        "(a)", "[1]", "{}", "<>", "()", "[]", "{{}}", "[[[]]]",
        "@#$%^&*()", "~`|\\", "\\\\", "\\n", "\\\"",
        "\"quoted\"", "'single'", "\u00abguillemets\u00bb", "\u201ccurly quotes\u201d", "\u201eGerman\u201c",
        "\u00bfQu\u00e9?", "\u00a1Hola!",
        "a/b/c", "//", "/*", "*/", "/**/", "///", "/.", "./", "../..",
        "***bold***", "___", "===", "-> => <=", "!= == ===", "::", ";;", ":-)", ";-)", "<3", "\\o/",
        "\u00a7\u00b6\u2020\u2021", "\u00a9\u00ae\u2122", "\u20ac\u00a3\u00a5\u20b9\u20bf", "\u00b0C",
        "\u00b1\u00d7\u00f7", "\u2211\u222b\u221a\u221e\u2260\u2248", "\u2190\u2191\u2192\u2193",
        "\u2605\u2606\u2665\u2666", "\u25a0\u25a1\u25b2", "\u2502\u250c\u2500\u2510",
        "hello!!!", "Wait... what?!", "Really???", "No!!!!!!!!!!", "Hmm......",
        "a,b;c:d.e!f?g", "x--y", "x---y", "a - b", "a -- b",
        "#", "##", "### Heading", "* item", "- item", "1. item", "> quote",
        "|a|b|\n|---|---|\n|1|2|",
        "\u3002\u3001\uff01\uff1f", "\u300c\u6771\u4eac\u300d", "\uff08\u62ec\u5f27\uff09",
        "\u060c\u061b\u061f", "\u0964\u0965",
        "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "\x7f", "\x01\x02\x03",
        "\ufffd", "\ue000", "\U0010fffd",
        "=" * 80, "-" * 200, "*" * 50, "." * 100, "!?" * 30,
    ]


def code():
    json_doc = json.dumps(
        {"id": 42, "name": "ftsweep", "tags": ["a", "b"], "nested": {"x": 1.5, "y": None, "z": True}},
        indent=2,
    )
    return [
        "def foo(bar, baz=None):\n    return bar + (baz or 0)\n",
        "import numpy as np\nimport torch.nn.functional as F\n",
        "class Foo(Base):\n    \"\"\"Docstring.\"\"\"\n\n    def __init__(self):\n        self._x = []\n",
        "if __name__ == \"__main__\":\n    main()\n",
        "print(f\"{x!r:>10} {y:.2f}\")",
        "lambda x: x**2 if x > 0 else -x",
        "for i in range(10):\n\tprint(i)\n",
        "x = [i for i in range(100) if i % 3 == 0]",
        "@dataclass(frozen=True)\nclass Point:\n    x: int\n    y: int\n",
        "import Foundation\n\nstruct Config: Codable {\n    let learningRate: Double\n    var epochs: Int = 3\n}\n",
        "func tokenize(_ text: String) -> [Int] {\n    guard !text.isEmpty else { return [] }\n    return text.utf8.map { Int($0) }\n}\n",
        "let x: [String: Any]? = nil",
        "guard let url = URL(string: \"https://api.openai.com/v1/files\") else { fatalError() }",
        "@MainActor final class ViewModel: ObservableObject { @Published var items: [Item] = [] }",
        json_doc,
        json.dumps({"a": 1, "b": [1, 2, 3], "c": "d"}),
        "{\"key\": \"value\", \"n\": 123, \"arr\": [true, false, null]}",
        "[{\"x\":1},{\"x\":2}]",
        "#include <stdio.h>\n\nint main(int argc, char **argv) {\n    printf(\"%d\\n\", argc);\n    return 0;\n}\n",
        "for (int i = 0; i < n; ++i) { a[i] += b[i] * c; }",
        "std::vector<std::string> v{\"a\", \"b\"};",
        "#define MAX(a,b) ((a)>(b)?(a):(b))",
        "ptr->next->prev = NULL;",
        "#!/bin/bash\nset -euo pipefail\nfor f in *.jsonl; do wc -l \"$f\"; done\n",
        "ls -la ~/.config | grep -v '^d' > /tmp/out.txt 2>&1",
        "export PATH=\"$HOME/.local/bin:$PATH\"",
        "curl -s -H 'Authorization: Bearer $OPENAI_API_KEY' https://api.openai.com/v1/models | jq '.data[].id'",
        "swift build -c release && .build/release/ftsweep --help",
        "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
        "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}",
        "\\s+(?!\\S)|\\s+",
        "s/foo/bar/g",
        "https://www.example.com/path/to/page?query=1&other=two#section",
        "http://localhost:8080/v1/chat/completions",
        "https://en.wikipedia.org/wiki/Byte_pair_encoding",
        "ftp://user:pass@ftp.example.org:21/pub/file.tar.gz",
        "mailto:someone@example.com",
        "/usr/local/bin/python3",
        "/Users/alice/Library/Application Support/ftsweep/config.json",
        "C:\\Program Files\\Microsoft\\Windows\\System32\\drivers\\etc\\hosts",
        "./Sources/Datasets/Tokenizer.swift:42:17: error: cannot find 'foo' in scope",
        "~/work/main/Tests/DatasetsTests/Fixtures/tokenizer/cases.json",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Test</title></head>\n"
        "<body><p class=\"x\">Hello &amp; welcome</p></body>\n</html>\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root><item id=\"1\"/><item id=\"2\">text</item></root>",
        "<div><span>a</span><br/></div>",
        "&lt;&gt;&amp;&quot;&#39;&#x1F600;",
        "SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC LIMIT 10;",
        "---\nmodel: gpt-4o-mini\nhyperparameters:\n  n_epochs: 3\n  batch_size: auto\n",
        "name,age,city\nAlice,30,NYC\nBob,25,\"San Francisco, CA\"\n",
        "\\begin{equation}\n  E = mc^2 \\quad \\sum_{i=1}^{n} x_i^2\n\\end{equation}",
        "```python\nprint('hi')\n```",
        "const f = async (x) => { await g(x?.y ?? 0); };",
        "fn main() { let v: Vec<u8> = vec![1, 2, 3]; println!(\"{:?}\", v); }",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
        "a && b || !c",
        "x += 1; y -= 2; z *= 3; w /= 4; v %= 5; u **= 6;",
        "i++; j--; k <<= 2; m >>>= 1;",
        "// comment\n/* block */\n# hash\n-- sql\n",
        "0x7fffffff & ~0xff | (1 << 31)",
        "0123456789abcdef",
    ]


def unicode_scripts():
    return [
        # Latin with diacritics
        "caf\u00e9", "Caf\u00e9", "CAF\u00c9", "na\u00efve r\u00e9sum\u00e9", "\u00fcber", "\u00dcBER",
        "Stra\u00dfe", "STRASSE", "\u1e9e", "\u0130stanbul", "\u0131\u015f\u0131k",
        "Ch\u00e2teau d'Yquem", "S\u00e3o Paulo", "Zo\u00eb", "\u00c5ngstr\u00f6m", "\u0141\u00f3d\u017a",
        "\u017elu\u0165ou\u010dk\u00fd k\u016f\u0148", "Ti\u1ebfng Vi\u1ec7t", "\u00efle-de-France",
        "\u00c6sir \u00e6 \u00f8 \u0153uvre", "\u00f1and\u00fa", "\u00d0\u00f0 \u00de\u00fe",
        # Greek
        "\u0393\u03b5\u03b9\u03ac \u03c3\u03bf\u03c5 \u039a\u03cc\u03c3\u03bc\u03b5",
        "\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3",
        "\u03b1\u03b2\u03b3\u03b4\u03b5 \u0391\u0392\u0393\u0394\u0395",
        # Cyrillic
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!",
        "\u041c\u041e\u0421\u041a\u0412\u0410",
        "\u0421\u044a\u0435\u0448\u044c \u0436\u0435 \u0435\u0449\u0451 \u044d\u0442\u0438\u0445 "
        "\u043c\u044f\u0433\u043a\u0438\u0445 \u0444\u0440\u0430\u043d\u0446\u0443\u0437\u0441\u043a\u0438\u0445 "
        "\u0431\u0443\u043b\u043e\u043a.",
        "\u0423\u043a\u0440\u0430\u0457\u043d\u0430 \u0491\u0435\u043d\u0435\u0440\u0430\u0442\u043e\u0440",
        # Arabic / Hebrew (RTL)
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
        "\u0627\u0644\u0644\u063a\u0629 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 123",
        "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f",
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
        "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
        "\u05e2\u05d1\u05e8\u05d9\u05ea and English mixed \u05e2\u05d1\u05e8\u05d9\u05ea",
        # Devanagari and other Indic
        "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e",
        "\u0939\u093f\u0928\u094d\u0926\u0940",
        "\u0915\u093f\u0924\u093e\u092c",
        "\u0915\u094d\u0937\u0924\u094d\u0930\u093f\u092f",
        "\u092e\u0948\u0902 \u0920\u0940\u0915 \u0939\u0942\u0901\u0964",
        "\u09ac\u09be\u0982\u09b2\u09be", "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd", "\u0c24\u0c46\u0c32\u0c41\u0c17\u0c41",
        # Thai (no spaces between words, combining vowels and tone marks)
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a",
        "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22\u0e40\u0e1b\u0e47\u0e19\u0e20\u0e32\u0e29\u0e32\u0e17\u0e35\u0e48"
        "\u0e2a\u0e27\u0e22\u0e07\u0e32\u0e21",
        # Korean Hangul
        "\uc548\ub155\ud558\uc138\uc694", "\ud55c\uad6d\uc5b4 \ud14c\uc2a4\ud2b8\uc785\ub2c8\ub2e4.",
        "\u1100\u1161\u11a8",  # conjoining jamo (decomposed \uac01)
        "\uac01",
        # Japanese
        "\u3053\u3093\u306b\u3061\u306f\u4e16\u754c", "\u30ab\u30bf\u30ab\u30ca",
        "\u30b3\u30fc\u30d2\u30fc", "\u6771\u4eac\u90fd\u6e0b\u8c37\u533a",
        "\u79c1\u306f\u65e5\u672c\u8a9e\u3092\u52c9\u5f37\u3057\u3066\u3044\u307e\u3059\u3002",
        "\uff76\uff80\uff76\uff85 \uff8a\uff9d\uff76\uff78",  # halfwidth katakana
        "\u4eba\u3005", "\u6642\u3005",
        # Chinese
        "\u4f60\u597d\u4e16\u754c", "\u4e2d\u6587\u5206\u8bcd\u6d4b\u8bd5",
        "\u6211\u7231\u5317\u4eac\u5929\u5b89\u95e8\u3002",
        "\u7e41\u9ad4\u4e2d\u6587\u548c\u7b80\u4f53\u4e2d\u6587",
        "\u4eba\u5de5\u667a\u80fd(AI)\u662f\u8ba1\u7b97\u673a\u79d1\u5b66\u7684\u4e00\u4e2a\u5206\u652f\u3002",
        # others
        "\u10e5\u10d0\u10e0\u10d7\u10e3\u10da\u10d8", "\u0540\u0561\u0575\u0565\u0580\u0565\u0576",
        "\u12a0\u121b\u122d\u129b", "\u1781\u17d2\u1798\u17c2\u179a",
        "\u1019\u103c\u1014\u103a\u1019\u102c", "\u0dc3\u0dd2\u0d82\u0dc4\u0dbd",
        "\u13e3\u13b3\u13a9", "\u1403\u14c4\u1483\u144e\u1450\u1466",
        "English \u0420\u0443\u0441\u0441\u043a\u0438\u0439 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 "
        "\u0939\u093f\u0928\u094d\u0926\u0940 \ud55c\uad6d\uc5b4",
        "abc\u4e2d\u6587def", "\u0434\u0430abc\u043d\u0435\u0442",
    ]


def combining_and_letter_categories():
    return [
        # combining marks
        "e\u0301", "E\u0301", "cafe\u0301", "Cafe\u0301", "E\u0301COLE", "\u00e9cole",
        "n\u0303", "a\u0308\u0304", "Ti\u00ea\u0301ng Vi\u00ea\u0323t",
        "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319a\u0310l\u0352g\u0313o\u0335",
        "\u0301", " \u0301", "\u0301\u0301\u0301", "a\u0301\u0302\u0303\u0304\u0305", "1\u0301",
        "'\u0301s", "x\u20dd", "\u20ac\u0301", ".\u0301",
        "\u0915\u093e", "\u0915\u094d", "\u093f", "\u0939\u093f\u0902\u0926\u0940",
        "A\u030aLAND", "\u212b",  # ANGSTROM SIGN (singleton decomposition)
        # title-case letters (Lt)
        "\u01c5", "\u01c5emal", "\u01f2", "\u01c8ubljana", "\u01cb", "\u1f88", "\u01c5UNGLA", "a\u01c5b",
        "\u01c4\u01c5\u01c6", "\u01c5's",
        # modifier letters (Lm)
        "\u02b0", "\u02bc", "\u02c8", "\u02cc", "\u1d43\u1d47\u1d9c", "Hawai\u02bbi", "\u02bbOkina",
        "\u02c8h\u025bflo\u028a", "a\u02b0b", "A\u02b0B", "\ua71d", "\uff9e", "\u3005", "\u30fc",
        "\u02b0's", "X\u1d43Y",
        # other letters (Lo) that are neither upper nor lower
        "\u00aa\u00ba", "\u01bb", "A\u00aaB", "\u05d0ABC", "ABC\u05d0",
        # uppercase-only / lowercase-only runs under both pre-tokenizers
        "\u0391\u03b2\u0393\u03b4", "\u0414\u0436\u0414\u0436",
    ]


def emoji_and_astral():
    return [
        "\U0001f600", "\U0001f44d", "\U0001f44d\U0001f3fd", "\U0001f44d\U0001f3ff",
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
        "\U0001f3f3\ufe0f\u200d\U0001f308",
        "\U0001f1fa\U0001f1f8", "\U0001f1ef\U0001f1f5\U0001f1eb\U0001f1f7", "\U0001f1e6",
        "1\ufe0f\u20e3", "#\ufe0f\u20e3", "*\u20e3",
        "\u2764\ufe0f", "\u2764", "\u263a", "\u00a9\ufe0f", "\u231a",
        "\U0001f9d1\U0001f3ff\u200d\U0001f4bb",
        "\U0001f469\u200d\u2764\ufe0f\u200d\U0001f48b\u200d\U0001f468",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "\U0001f937\u200d\u2642\ufe0f",
        "\U0001fae0", "\U0001f642\U0001f643", "\U0001f600\U0001f600\U0001f600",
        "hello \U0001f600 world", "emoji at end\U0001f389", "\U0001f389start",
        " \U0001f600", "\U0001f600 ", "\U0001f600\n",
        "Great job! \U0001f44f\U0001f44f\U0001f44f",
        "I \u2764\ufe0f NY",
        "\U0001f525\U0001f525 fire \U0001f525",
        "\u2705 Done \u274c Failed \u26a0\ufe0f Warning",
        # non-BMP letters, digits, symbols
        "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522",  # fraktur Unicode
        "\U0001d407\U0001d41e\U0001d425\U0001d425\U0001d428",                  # bold Hello
        "\U00010348", "\U00013000", "\U0002070e\U00020731\U00020779",
        "\U0001d11e", "\U0001f004", "\U00010437", "\U00010400\U00010437",
        "\U000e0001", "\U000e0041",
        "\U0001f600abc", "abc\U0001f600def", "123\U0001f600456",
        "'s\U0001f600", "\U0001f600's",
    ]


def long_strings(rng: random.Random):
    letters = "abcdefghijklmnopqrstuvwxyz"
    rand_lower = "".join(rng.choice(letters) for _ in range(200))
    rand_mixed = "".join(rng.choice(letters + letters.upper()) for _ in range(200))
    hex64 = hashlib.sha256(b"ftsweep").hexdigest()
    hex256 = "".join(hashlib.sha256(bytes([i])).hexdigest() for i in range(4))
    b64_bytes = bytes(rng.randrange(256) for _ in range(600))
    b64 = base64.b64encode(b64_bytes).decode()
    b64url = base64.urlsafe_b64encode(b64_bytes[:90]).decode()
    jwt = ".".join(
        base64.urlsafe_b64encode(p).decode().rstrip("=")
        for p in (b'{"alg":"HS256","typ":"JWT"}', b'{"sub":"1234567890","name":"John Doe","iat":1516239022}',
                  bytes(rng.randrange(256) for _ in range(32)))
    )
    return [
        "a" * 200, "A" * 200, "ab" * 100, "Ab" * 100, "aB" * 100, "z" * 201,
        rand_lower, rand_mixed, rand_lower.upper(),
        "\u00e9" * 200, "\u00d0" * 200, "\u044f" * 200, "\u4e2d" * 300, "\u3042" * 200,
        "\U0001f600" * 100, "e\u0301" * 100,
        "a" * 5000,
        " " * 1000, "\n" * 500, "\t" * 64, "1" * 500, "9" * 37,
        hex64, hex64.upper(), hex256, "0x" + hex64,
        b64, b64url, jwt,
        "data:image/png;base64," + b64[:200],
        "ssh-rsa " + b64[:372] + " user@host",
        "550e8400-e29b-41d4-a716-446655440000",
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "Donaudampfschifffahrtselektrizit\u00e4tenhauptbetriebswerkbauunterbeamtengesellschaft",
        "supercalifragilisticexpialidocious",
        "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
        "https://example.com/" + "/".join(["segment%d" % i for i in range(40)]),
        "word " * 200,
        "The quick brown fox. " * 50,
    ]


def cases_words():
    return [
        "camelCase", "PascalCase", "SCREAMING_CASE", "snake_case", "kebab-case", "Train-Case",
        "XMLHttpRequest", "getHTTPResponseCode", "parseJSONToHTML", "HTMLParser", "IOError",
        "NSURLSessionDataTask", "UTF8String", "iPhone", "eBay", "McDonald", "MacBookPro",
        "ABCdef", "abcDEF", "aBcDeF", "AbCdEf", "ALLCAPS", "lowercase", "Capitalized",
        "myVariableName2", "MAX_BATCH_SIZE", "__init__", "_privateVar", "$scope", "@property",
        "learningRateMultiplier", "nEpochs", "batchSizeAuto", "ftJob_ABC123xyz",
        "\u00dcn\u00efc\u00f6d\u00e9", "\u00c9COLE", "\u00e9COLE", "\u00c9cole", "\u0394\u03b5\u03bb\u03c4\u03b1",
        "\u0394\u0395\u039b\u03a4\u0391", "\u041c\u043e\u0441\u043a\u0432\u0430\u0420\u0438\u043c",
        "iOS", "macOS", "YouTube", "PowerPoint", "OpenAI", "ChatGPT", "GPT-4o", "gpt-4o-mini-2024-07-18",
        "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9abc1234",
        "file-abc123", "ftjob-AbC123dEf456", "HELLO world", "hello WORLD", "Hello World",
        "A", "AB", "ABc", "AbC", "aBC", "aB", "Ab",
    ]


def special_token_text():
    return [
        "<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
        "Hello<|endoftext|>World", "<|endoftext|><|endoftext|>", " <|endoftext|> ",
        "<|im_start|>user\nhi<|im_end|>", "<|start|>assistant<|message|>Hi!<|end|>",
        "<|endoftext", "endoftext|>", "|>", "<|", "< |endoftext| >", "<|ENDOFTEXT|>",
        "<|reserved_200000|>", "<|startoftext|>",
    ]


def chat_jsonl(rng: random.Random):
    def line(obj, **kw):
        return json.dumps(obj, **kw)

    conv = [
        {"role": "system", "content": "Marv is a factual chatbot that is also sarcastic."},
        {"role": "user", "content": "What's the capital of France?"},
        {"role": "assistant", "content": "Paris, as if everyone doesn't know that already."},
    ]
    conv2 = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Translate to Japanese: Good morning!"},
        {"role": "assistant", "content": "\u304a\u306f\u3088\u3046\u3054\u3056\u3044\u307e\u3059\uff01"},
    ]
    conv3 = [
        {"role": "user", "content": "Write a haiku about tokenizers.\nMake it funny."},
        {"role": "assistant", "content": "Bytes pair up, merge\u2014\nwords shatter into pieces\n"
                                         "\"un\" + \"believ\" + \"able\"", "weight": 1},
    ]
    conv4 = [
        {"role": "system", "content": "Respond in JSON."},
        {"role": "user", "content": "List 3 colors"},
        {"role": "assistant", "content": "{\"colors\": [\"red\", \"green\", \"blue\"]}"},
    ]
    tool = {
        "messages": [
            {"role": "user", "content": "What is the weather in San Francisco?"},
            {"role": "assistant", "tool_calls": [{"id": "call_id", "type": "function", "function": {
                "name": "get_current_weather",
                "arguments": "{\"location\": \"San Francisco, USA\", \"format\": \"celsius\"}"}}]},
            {"role": "tool", "tool_call_id": "call_id", "content": "21.0"},
            {"role": "assistant", "content": "It is 21 degrees celsius in San Francisco, CA"},
        ],
        "tools": [{"type": "function", "function": {"name": "get_current_weather",
                                                    "description": "Get the current weather",
                                                    "parameters": {"type": "object", "properties": {
                                                        "location": {"type": "string"}}}}}],
    }
    named = [
        {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
        {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
    ]
    out = [
        line({"messages": conv}),
        line({"messages": conv}, ensure_ascii=False),
        line({"messages": conv2}),
        line({"messages": conv2}, ensure_ascii=False),
        line({"messages": conv3}),
        line({"messages": conv3}, ensure_ascii=False),
        line({"messages": conv4}),
        line({"messages": named}),
        line(tool),
        line({"messages": conv}, separators=(",", ":")),
        line({"messages": conv}, indent=2),
        line({"prompt": "Tell me a joke ->", "completion": " Why did the chicken cross the road?\n"}),
        line({"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": " "}]}),
        line({"messages": [{"role": "user", "content": "Emoji test \U0001f600\U0001f44d\U0001f3fd"}]}),
        line({"messages": [{"role": "user", "content": "Emoji test \U0001f600\U0001f44d\U0001f3fd"}]},
             ensure_ascii=False),
        line({"messages": [{"role": "user", "content": "tabs\tand\r\nCRLF and \\ backslash"}]}),
        "\n".join(line({"messages": c}) for c in (conv, conv2, conv4)) + "\n",
        "{\"role\": \"user\", \"content\": \"<|endoftext|>\"}",
    ]
    # a few randomized prompts built from a small vocabulary
    vocab = ["the", "model", "fine-tune", "epoch", "loss", "0.0421", "GPU", "\u00e9t\u00e9", "\u4e2d\u6587",
             "\U0001f680", "don't", "JSON", "learning_rate", "3e-5", "\n", "  ", "?"]
    for _ in range(6):
        content = " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 25)))
        out.append(line({"messages": [{"role": "user", "content": content},
                                      {"role": "assistant", "content": content[::-1]}]},
                        ensure_ascii=rng.random() < 0.5))
    return out


# Character classes for the random mixes. Every entry is a complete unit (an
# emoji ZWJ sequence is one unit), so no string contains a lone surrogate.
CHAR_CLASSES = {
    "ascii_lower": list("abcdefghijklmnopqrstuvwxyz"),
    "ascii_upper": list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "digit": list("0123456789"),
    "space": [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\u00a0", "\u3000", "\u2028", "\x0b", "\x0c", "\u0085"],
    "punct": list("!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~") + ["'", "'", "\u2019", "\u2026", "\u2014", "\u00ab", "\u00bb"],
    "contraction": ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "'RE", "\u2019s", "\u2019ll"],
    "latin_diacritic": list("\u00e9\u00e8\u00ea\u00eb\u00e0\u00e1\u00e2\u00e4\u00e5\u00e6\u00e7\u00ee\u00ef\u00f1\u00f4\u00f6\u00f8\u00f9\u00fb\u00fc\u00ff\u00df\u00c9\u00c0\u00c7\u00d6\u00dc\u0141\u0142\u017e\u0160\u011f\u0130\u0131"),
    "greek": list("\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8\u03bb\u03bc\u03c0\u03c3\u03c2\u03c9\u0391\u0392\u0393\u0394\u03a3\u03a9\u03ac\u03ad"),
    "cyrillic": list("\u0430\u0431\u0432\u0433\u0434\u0435\u0451\u0436\u0437\u0438\u043a\u043b\u043c\u043d\u043e\u043f\u0440\u0441\u0442\u044f\u0410\u0411\u0412\u0413\u0414\u042f\u0457\u0491"),
    "arabic": list("\u0627\u0628\u062a\u062b\u062c\u062d\u062e\u062f\u0631\u0633\u0639\u0644\u0645\u0646\u0647\u0648\u064a\u064e\u064f\u0650\u0651\u0663"),
    "hebrew": list("\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05e9\u05dc\u05dd\u05b8\u05b9\u05c1"),
    "devanagari": list("\u0905\u0915\u0916\u0917\u0928\u092e\u0938\u0939\u093e\u093f\u0940\u0941\u0947\u094d\u0902\u0964\u0967"),
    "thai": list("\u0e01\u0e02\u0e04\u0e07\u0e14\u0e17\u0e19\u0e1a\u0e1b\u0e21\u0e22\u0e23\u0e2a\u0e31\u0e35\u0e48\u0e49\u0e40\u0e32\u0e51"),
    "hangul": list("\uc548\ub155\ud558\uc138\uc694\ud55c\uad6d\uc5b4\uac00\ub098\ub2e4\u1100\u1161\u11a8"),
    "kana_kanji": list("\u3042\u3044\u3046\u3048\u304a\u304b\u3093\u30a2\u30a4\u30ab\u30ac\u30fc\u30f3\u65e5\u672c\u8a9e\u6771\u4eac\u3005\u3002\u3001"),
    "chinese": list("\u4f60\u597d\u4e16\u754c\u4e2d\u6587\u4eba\u5de5\u667a\u80fd\u5b66\u4e60\u6a21\u578b\uff0c\u3002\uff01"),
    "combining": ["\u0301", "\u0300", "\u0302", "\u0303", "\u0308", "\u0327", "\u20dd", "\u093f", "\u094d", "\u0e31"],
    "titlecase": ["\u01c5", "\u01c8", "\u01cb", "\u01f2", "\u1f88"],
    "modifier": ["\u02b0", "\u02bc", "\u02c8", "\u02bb", "\u1d43", "\u3005", "\u30fc", "\uff9e"],
    "emoji": ["\U0001f600", "\U0001f44d", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
              "\U0001f3f3\ufe0f\u200d\U0001f308", "\U0001f1fa\U0001f1f8", "1\ufe0f\u20e3", "\u2764\ufe0f",
              "\U0001f389", "\U0001f525", "\u2705", "\U0001f937\u200d\u2642\ufe0f", "\U0001fae0"],
    "astral": ["\U0001d518", "\U0001d41e", "\U00010348", "\U00013000", "\U0002070e", "\U0001d11e",
               "\U00010437", "\U00010400", "\U0001d7d9", "\U000e0041", "\U0010fffd"],
    "symbol": list("\u00a9\u00ae\u2122\u20ac\u00a3\u00a5\u00b0\u00b1\u00d7\u00f7\u2211\u221e\u2260\u2192\u2605\u2665\u25a0\u2502\u00bd\u00b2\u2460\u216b"),
    "special": ["<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "\x00", "\u200b", "\u200d", "\ufeff", "\ufffd"],
}


def random_mixes(rng: random.Random, n: int):
    names = sorted(CHAR_CLASSES)
    out = []
    for i in range(n):
        if i % 3 == 0:
            # uniform over classes, then over units: heavily mixed strings
            length = rng.randint(1, 40)
            units = [rng.choice(CHAR_CLASSES[rng.choice(names)]) for _ in range(length)]
        elif i % 3 == 1:
            # runs: pick a class and emit a run of 1..8 units from it, several times
            units = []
            for _ in range(rng.randint(1, 10)):
                cls = CHAR_CLASSES[rng.choice(names)]
                units.extend(rng.choice(cls) for _ in range(rng.randint(1, 8)))
        else:
            # word-like: letter runs separated by spaces/punctuation, with occasional other classes
            units = []
            for _ in range(rng.randint(2, 12)):
                cls = rng.choice(["ascii_lower", "ascii_upper", "latin_diacritic", "cyrillic", "greek",
                                  "digit", "hangul", "chinese", "kana_kanji"])
                units.extend(rng.choice(CHAR_CLASSES[cls]) for _ in range(rng.randint(1, 9)))
                if rng.random() < 0.3:
                    units.append(rng.choice(CHAR_CLASSES[rng.choice(["contraction", "combining", "modifier",
                                                                     "titlecase", "emoji", "astral"])]))
                units.append(rng.choice(CHAR_CLASSES[rng.choice(["space", "space", "punct", "symbol"])]))
        out.append("".join(units))
    return out


def build_cases() -> list[str]:
    rng = random.Random(SEED)
    texts: list[str] = []
    for group in (
        prose(),
        contractions(),
        digits(),
        whitespace(),
        punctuation(),
        code(),
        unicode_scripts(),
        combining_and_letter_categories(),
        emoji_and_astral(),
        long_strings(rng),
        cases_words(),
        special_token_text(),
        chat_jsonl(rng),
        random_mixes(rng, 120),
    ):
        texts.extend(group)
    # Drop exact duplicates (same code points), keeping the first occurrence, so
    # that the corpus order is stable and every case is distinct.
    seen: set[str] = set()
    unique = []
    for t in texts:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def render(version_encs, texts: list[str]) -> str:
    _, encs = version_encs
    rows = []
    for text in texts:
        # Lone surrogates cannot be encoded as UTF-8 and would not round-trip.
        text.encode("utf-8")
        row = {"text": text}
        for name in ENCODINGS:
            ids = encs[name].encode_ordinary(text)
            assert encs[name].decode(ids) == text, (name, text)
            assert encs[name].decode_bytes(ids) == text.encode("utf-8"), (name, text)
            row[name] = ids
        rows.append(json.dumps(row, ensure_ascii=True))
    return "[\n" + ",\n".join(rows) + "\n]\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokenizers", type=Path, default=REPO_ROOT / "Sources" / "CTokenizerRanks" / "ranks")
    ap.add_argument("--out", type=Path, default=SCRIPT_DIR / "cases.json")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    version, encs = load_encodings(args.tokenizers)

    # Sanity check against known-good ids.
    assert encs["o200k_base"].encode_ordinary("hello world") == [24912, 2375]
    assert encs["cl100k_base"].encode_ordinary("hello world") == [15339, 1917]

    texts = build_cases()
    assert len(texts) >= 320, len(texts)
    assert "hello world" in texts
    content = render((version, encs), texts)

    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != content:
            sys.exit(f"{args.out} is out of date (tiktoken {version}); rerun without --check")
        print(f"{args.out}: up to date ({len(texts)} cases, tiktoken {version})")
        return

    args.out.write_text(content, encoding="utf-8", newline="\n")
    print(f"wrote {args.out}: {len(texts)} cases, {len(content.encode())} bytes, tiktoken {version}")


if __name__ == "__main__":
    main()
