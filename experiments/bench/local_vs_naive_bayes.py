#!/usr/bin/env python3
"""The local trainer against multinomial naive Bayes on the same real split (docs/local-trainer.md).

    python3 local_vs_naive_bayes.py baseline DIR
        Multinomial naive Bayes (scikit-learn; word counts, the smoothing alpha chosen on DIR/valid.jsonl)
        trained on DIR/train.jsonl; prints its validation and test accuracy as JSON.
    python3 local_vs_naive_bayes.py sweep BASE_URL DIR OUT
        Uploads DIR/train.jsonl and DIR/valid.jsonl to `ftsweep serve` at BASE_URL, creates one job per
        configuration in CONFIGS (the local trainer's knobs in method.supervised.hyperparameters), waits
        for all, ranks them by full_valid_loss at the last epoch (the whole validation file) and writes
        OUT (JSON: every job's configuration, validation loss and model; the best first).

Each test conversation's last message is the reference; the answer compared is the model's greedy reply.
"""
import json
import sys
import time
import urllib.request
import uuid

# The configurations swept: today's defaults first, then the knobs that make the model generalise.
GENERALISING = {"init_scale": 0, "prompt_norm": 0.5, "word_pairs": 0}
CONFIGS = [{"n_epochs": 8}] + [
    dict(GENERALISING, n_epochs=8, dropout=dropout, weight_decay=decay, hidden_width=width)
    for width in (64, 128) for dropout in (0, 0.5) for decay in (0, 0.1)
]
MODEL = "local-base"
SEED = 1


def examples(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            messages = json.loads(line)["messages"]
            yield "\n".join(m["content"] for m in messages[:-1] if m["role"] != "system"), messages[-1]["content"]


def baseline(folder):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB

    splits = {name: list(examples(f"{folder}/{name}.jsonl")) for name in ("train", "valid", "test")}
    vectorizer = CountVectorizer()
    train = vectorizer.fit_transform([text for text, _ in splits["train"]])
    labels = [label for _, label in splits["train"]]

    def accuracy(model, name):
        texts, answers = zip(*splits[name])
        return float((model.predict(vectorizer.transform(texts)) == list(answers)).mean())

    models = [MultinomialNB(alpha=alpha).fit(train, labels) for alpha in (0.01, 0.1, 0.3, 1.0)]
    best = max(models, key=lambda model: accuracy(model, "valid"))  # the first of equals: the least smoothing
    print(json.dumps({"model": "multinomial naive Bayes", "alpha": best.alpha, "valid_accuracy": accuracy(best, "valid"),
                      "test_accuracy": accuracy(best, "test"), "train_examples": len(labels)}))


def request(base, method, path, body=None, content_type="application/json"):
    data = json.dumps(body).encode() if content_type == "application/json" and body is not None else body
    req = urllib.request.Request(f"{base}{path}", data=data, method=method, headers={"Content-Type": content_type})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.load(response)


def upload(base, path):
    boundary = uuid.uuid4().hex
    with open(path, "rb") as handle:
        content = handle.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.split('/')[-1]}\"\r\n"
            "Content-Type: application/jsonl\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return request(base, "POST", "/files", body, f"multipart/form-data; boundary={boundary}")["id"]


def last_full_valid_loss(base, job):
    # Newest first: the last epoch's metrics are on the first page.
    events = request(base, "GET", f"/fine_tuning/jobs/{job}/events?limit=100")["data"]
    losses = [(e["data"]["step"], e["data"]["full_valid_loss"]) for e in events if (e.get("data") or {}).get("full_valid_loss") is not None]
    return max(losses)[1]


def sweep(base, folder, out):
    training, validation = upload(base, f"{folder}/train.jsonl"), upload(base, f"{folder}/valid.jsonl")
    started = time.time()
    jobs = [(config, request(base, "POST", "/fine_tuning/jobs", {
        "model": MODEL, "training_file": training, "validation_file": validation, "seed": SEED, "suffix": f"nb-{index}",
        "method": {"type": "supervised", "supervised": {"hyperparameters": config}}})["id"]) for index, config in enumerate(CONFIGS)]
    results = []
    for config, job in jobs:
        while (snapshot := request(base, "GET", f"/fine_tuning/jobs/{job}"))["status"] not in ("succeeded", "failed", "cancelled"):
            time.sleep(1)
        if snapshot["status"] != "succeeded":
            sys.exit(f"job {job} {snapshot['status']}: {snapshot.get('error')}")
        results.append({"job": job, "model": snapshot["fine_tuned_model"], "requested": config,
                        "resolved": snapshot["hyperparameters"], "full_valid_loss": last_full_valid_loss(base, job)})
        print(f"{job}  full_valid_loss {results[-1]['full_valid_loss']:.5f}  {json.dumps(config)}", file=sys.stderr)
    results.sort(key=lambda result: result["full_valid_loss"])
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"seconds": round(time.time() - started, 1), "runs": results}, handle, indent=1)
    print(results[0]["model"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"] and len(sys.argv) == 3:
        baseline(sys.argv[2])
    elif sys.argv[1:2] == ["sweep"] and len(sys.argv) == 5:
        sweep(*sys.argv[2:])
    else:
        sys.exit(__doc__)
