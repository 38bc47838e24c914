#!/usr/bin/env python3
"""Serves one model of the tiny trainer over OpenAI's chat completions (docs/trainer-contract.md, Serving).

    python3 serve.py --model RUN_DIR/model.npz --port 8000

Standard library HTTP (plus the trainer's NumPy features): `GET /v1/models` lists the model,
`POST /v1/chat/completions` answers with the label the classifier predicts for the user's words,
and `GET /metrics` counts the answers (Prometheus text, as vLLM's does).
A base model name such as `bow-512` has learned no labels yet and answers "unknown".
Listens on 127.0.0.1 only; stops on SIGTERM.
"""
import argparse
import json
import os
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

from train import features


class Model:
    def __init__(self, name):
        self.name = name
        self.weights = None
        if re.fullmatch(r"bow-\d+", name):
            return  # a base model: nothing learned yet
        if not os.path.isfile(name):
            sys.exit(f"serve.py: no model at {name}; expected a model.npz the trainer wrote, or bow-N")
        saved = np.load(name)
        self.weights, self.bias, self.labels = saved["weights"], saved["bias"], [str(x) for x in saved["labels"]]

    def answer(self, messages):
        if self.weights is None:
            return "unknown"
        user = " ".join(m.get("content") or "" for m in messages if m.get("role") == "user")
        logits = features([user], self.weights.shape[0]) @ self.weights + self.bias
        return self.labels[int(np.argmax(logits[0]))]


def handler(model):
    answered = [0]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def send_json(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/metrics":
                with lock:
                    data = f"tiny_serve_answers_total {answered[0]}\n".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            elif self.path.rstrip("/") == "/v1/models":
                self.send_json(200, {"object": "list", "data": [{"id": model.name, "object": "model", "owned_by": "tiny"}]})
            else:
                self.send_json(404, {"error": {"message": f"no route {self.path}", "code": "not_found"}})

        def do_POST(self):
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self.send_json(404, {"error": {"message": f"no route {self.path}", "code": "not_found"}})
            try:
                request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                messages = request["messages"]
            except (ValueError, KeyError, TypeError) as error:
                return self.send_json(400, {"error": {"message": f"bad request: {error}", "code": "invalid_request"}})
            if request.get("model") not in (None, model.name):
                return self.send_json(404, {"error": {"message": f"no model {request.get('model')}", "code": "model_not_found"}})
            content = model.answer(messages)
            with lock:
                answered[0] += 1
            self.send_json(200, {
                "id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion", "created": int(time.time()),
                "model": model.name,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            })

        def log_message(self, format, *args):
            pass  # one line per question would bury the errors that matter in standard error

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a model.npz the trainer wrote ({model_dir}), or bow-N")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    model = Model(args.model)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(model))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"serving {args.model} on http://127.0.0.1:{args.port}/v1", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
