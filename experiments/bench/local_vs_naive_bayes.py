#!/usr/bin/env python3
"""The local trainer against multinomial naive Bayes on the same real split (docs/local-trainer.md).

    python3 local_vs_naive_bayes.py baseline DIR
        Multinomial naive Bayes (scikit-learn; word counts, the smoothing alpha chosen on DIR/valid.jsonl)
        trained on DIR/train.jsonl; prints its validation and test accuracy as JSON, with the test
        accuracy of logistic regression and linear SVMs (on tf-idf, and on about the local model's
        features, without and with idf) on the same split for reference.
    python3 local_vs_naive_bayes.py summary BASELINE_JSON RUNS_JSON EVAL_JSON SWEEP_SECONDS STARTED
        Prints naive Bayes' and the sweep's best run's test accuracy (RUNS_JSON: `ftsweep runs ls --sweep
        … --sort full_valid_loss --format json`, best first; EVAL_JSON: `ftsweep eval --format json` of
        its models on the test split), every run's figures and the time since STARTED (Unix seconds).

`local_vs_naive_bayes.sh` runs both, around `ftsweep sweep launch`, `runs ls` and `eval`.
"""
import json
import sys
import time


def examples(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            messages = json.loads(line)["messages"]
            yield "\n".join(m["content"] for m in messages[:-1] if m["role"] != "system"), messages[-1]["content"]


def baseline(folder):
    from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfTransformer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline
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

    def local_features(idf):
        """About the local model's best prompt features: words hashed into local-base's 2^15 rows, 1 + ln k, the Euclidean norm."""
        hashed = HashingVectorizer(n_features=2**15, alternate_sign=False, norm=None)
        return make_pipeline(hashed, TfidfTransformer(use_idf=idf, sublinear_tf=True))

    # Whether the local model's features or the model itself stand between it and the SVM.
    svm_local = [best_of(local_features(idf), [LinearSVC(C=c) for c in (0.3, 1, 3)])[2] for idf in (False, True)]
    print(json.dumps({"model": "multinomial naive Bayes", "alpha": nb.alpha, "valid_accuracy": valid, "test_accuracy": test,
                      "train_examples": len(labels), "logistic_regression_test_accuracy": logistic[2],
                      "linear_svm_tfidf_test_accuracy": svm[2], "linear_svm_local_features_test_accuracy": svm_local[0],
                      "linear_svm_local_features_idf_test_accuracy": svm_local[1]}))


def summary(baseline_json, runs_path, eval_path, sweep_seconds, started):
    with open(baseline_json, encoding="utf-8") as handle:
        nb = json.load(handle)
    with open(runs_path, encoding="utf-8") as handle:
        runs = json.load(handle)
    with open(eval_path, encoding="utf-8") as handle:
        accuracy = {record["model"]: record["accuracy"] for record in json.load(handle)}
    best = runs[0]
    print(f"naive Bayes (alpha {nb['alpha']}, chosen on valid): test accuracy {nb['test_accuracy']:.3f}")
    print(f"  for reference, same split: logistic regression {nb['logistic_regression_test_accuracy']:.3f}, "
          f"linear SVM on tf-idf {nb['linear_svm_tfidf_test_accuracy']:.3f}")
    print(f"  linear SVM on the local model's features (hashed words, 1 + ln k, L2 norm): {nb['linear_svm_local_features_test_accuracy']:.3f}, "
          f"with idf {nb['linear_svm_local_features_idf_test_accuracy']:.3f}")
    print(f"local trainer, best of {len(runs)} by full_valid_loss: test accuracy {accuracy[best['fine_tuned_model']]:.3f}")
    print(f"  {best['fine_tuned_model']}: {best['resolved_json']}")
    settings = [json.loads(run["resolved_json"]) for run in runs]
    swept = sorted(name for name in settings[0] if len({json.dumps(s.get(name)) for s in settings}) > 1)
    held = {name: value for name, value in sorted(settings[0].items()) if name not in swept}
    print(f"every run, best first: full_valid_loss, test accuracy, the values swept (the others held: {json.dumps(held)})")
    for run, values in zip(runs, settings):
        print(f"  {run['full_valid_loss']:.4f}  {accuracy[run['fine_tuned_model']]:.3f}  {json.dumps({name: values.get(name) for name in swept})}")
    difference = 100 * (accuracy[best["fine_tuned_model"]] - nb["test_accuracy"])
    print(f"difference: {difference:+.1f} points; sweep {sweep_seconds} s, all {int(time.time()) - int(started)} s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"] and len(sys.argv) == 3:
        baseline(sys.argv[2])
    elif sys.argv[1:2] == ["summary"] and len(sys.argv) == 7:
        summary(*sys.argv[2:])
    else:
        sys.exit(__doc__)
