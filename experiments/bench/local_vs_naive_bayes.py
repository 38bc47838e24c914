#!/usr/bin/env python3
"""The local trainer against multinomial naive Bayes on the same real split (docs/local-trainer.md).

    python3 local_vs_naive_bayes.py baseline DIR
        Multinomial naive Bayes (scikit-learn; word counts, the smoothing alpha chosen on DIR/valid.jsonl)
        trained on DIR/train.jsonl; prints its validation and test accuracy as JSON, with the test
        accuracy of logistic regression and a linear SVM on the same split for reference.
    python3 local_vs_naive_bayes.py sweep BASE_URL DIR OUT
        Uploads DIR/train.jsonl and DIR/valid.jsonl to `ftsweep serve` at BASE_URL, creates one job per
        configuration in CONFIGS (the local trainer's knobs in method.supervised.hyperparameters), waits
        for all, ranks them by full_valid_loss at the last epoch (the whole validation file) and writes
        OUT (JSON: every job's configuration, validation loss and model; the best first).
    python3 local_vs_naive_bayes.py summary BASELINE_JSON SWEEP_JSON EVAL_JSON STARTED
        Prints both test accuracies (EVAL_JSON: `ftsweep eval --format json` of the swept models), every
        run's figures and the time since STARTED (Unix seconds).

`local_vs_naive_bayes.sh` runs all three, with `ftsweep serve` and `ftsweep eval`.
"""
import json
import sys
import time
import urllib.request
import uuid

# The configurations swept: the local knobs' defaults first, then the knobs that make the model generalise.
COMMON = {"n_epochs": 8, "batch_size": 8}
GENERALISING = dict(COMMON, init_scale=0, prompt_norm=0.5, word_pairs=0)
CONFIGS = [COMMON] + [
    dict(GENERALISING, word_counts=counts, dropout=dropout, hidden_width=64) for counts in (0, 1) for dropout in (0, 0.5)
]
MODEL = "local-base"
SEED = 1


def examples(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            messages = json.loads(line)["messages"]
            yield "\n".join(m["content"] for m in messages[:-1] if m["role"] != "system"), messages[-1]["content"]


def baseline(folder):
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.svm import LinearSVC

    splits = {name: list(examples(f"{folder}/{name}.jsonl")) for name in ("train", "valid", "test")}
    labels = [label for _, label in splits["train"]]

    def best_of(vectorizer, models):
        """The model with the best validation accuracy (the first of equals) and its two accuracies."""
        train = vectorizer.fit_transform([text for text, _ in splits["train"]])

        def accuracy(model, name):
            texts, answers = zip(*splits[name])
            return float((model.predict(vectorizer.transform(texts)) == list(answers)).mean())

        best = max((model.fit(train, labels) for model in models), key=lambda model: accuracy(model, "valid"))
        return best, accuracy(best, "valid"), accuracy(best, "test")

    nb, valid, test = best_of(CountVectorizer(), [MultinomialNB(alpha=alpha) for alpha in (0.01, 0.1, 0.3, 1.0)])
    # For reference, not compared: discriminative linear models on the same words, C chosen on valid.
    logistic = best_of(CountVectorizer(), [LogisticRegression(C=c, max_iter=3000) for c in (0.3, 1, 3, 10)])
    svm = best_of(TfidfVectorizer(sublinear_tf=True), [LinearSVC(C=c) for c in (0.1, 0.3, 1, 3)])
    print(json.dumps({"model": "multinomial naive Bayes", "alpha": nb.alpha, "valid_accuracy": valid, "test_accuracy": test,
                      "train_examples": len(labels), "logistic_regression_test_accuracy": logistic[2],
                      "linear_svm_tfidf_test_accuracy": svm[2]}))


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


def summary(baseline_json, sweep_path, eval_path, started):
    nb = json.loads(baseline_json)
    with open(sweep_path, encoding="utf-8") as handle:
        runs = json.load(handle)
    with open(eval_path, encoding="utf-8") as handle:
        accuracy = {record["model"]: record["accuracy"] for record in json.load(handle)}
    best = runs["runs"][0]
    print(f"naive Bayes (alpha {nb['alpha']}, chosen on valid): test accuracy {nb['test_accuracy']:.3f}")
    print(f"  for reference, same split: logistic regression {nb['logistic_regression_test_accuracy']:.3f}, "
          f"linear SVM on tf-idf {nb['linear_svm_tfidf_test_accuracy']:.3f}")
    print(f"local trainer, best of {len(runs['runs'])} by full_valid_loss: test accuracy {accuracy[best['model']]:.3f}")
    print(f"  {best['model']}: {json.dumps(best['resolved'], sort_keys=True)}")
    print("every run, best first: full_valid_loss, test accuracy, the knobs asked for")
    for run in runs["runs"]:
        print(f"  {run['full_valid_loss']:.4f}  {accuracy[run['model']]:.3f}  {json.dumps(run['requested'], sort_keys=True)}")
    difference = 100 * (accuracy[best["model"]] - nb["test_accuracy"])
    print(f"difference: {difference:+.1f} points; sweep {runs['seconds']} s, all {int(time.time()) - int(started)} s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"] and len(sys.argv) == 3:
        baseline(sys.argv[2])
    elif sys.argv[1:2] == ["sweep"] and len(sys.argv) == 5:
        sweep(*sys.argv[2:])
    elif sys.argv[1:2] == ["summary"] and len(sys.argv) == 6:
        summary(*sys.argv[2:])
    else:
        sys.exit(__doc__)
