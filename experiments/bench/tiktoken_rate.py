"""Prints `tokens MB/s` for tiktoken's encode_ordinary on a text file (best-of-5 median), offline.

Usage: python3 experiments/bench/tiktoken_rate.py FILE ENCODING TOKENIZER_DIR
The rank files are copied into a private TIKTOKEN_CACHE_DIR under the names tiktoken looks for.
"""
import hashlib, os, shutil, sys, tempfile, time

path, name, tokenizers = sys.argv[1], sys.argv[2], sys.argv[3]
cache = tempfile.mkdtemp(prefix="tiktoken-cache-")
url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
shutil.copy(os.path.join(tokenizers, f"{name}.tiktoken"), os.path.join(cache, hashlib.sha1(url.encode()).hexdigest()))
os.environ["TIKTOKEN_CACHE_DIR"] = cache
import tiktoken  # noqa: E402  (after the cache variable is set)

encoding = tiktoken.get_encoding(name)
text = open(path, encoding="utf-8").read()
megabytes = len(text.encode("utf-8")) / 1e6
rates, tokens = [], 0
for _ in range(5):
    start = time.perf_counter()
    tokens = len(encoding.encode_ordinary(text))
    rates.append(megabytes / (time.perf_counter() - start))
print(tokens, sorted(rates)[len(rates) // 2])
