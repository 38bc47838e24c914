#!/usr/bin/env python3
"""Serves a fine-tuned classifier over OpenAI's chat completions: the answer is the predicted label.

    python3 serve.py --model RUN_DIR/model --port 8000

The user's words are classified (as train.py read them); `all-minilm-l6-v2`, the untuned base, has
no labels and answers "unknown". Standard-library HTTP on 127.0.0.1; SIGTERM stops it.
"""
import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="the model folder train.py saved ({model_dir})")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    if args.model == "all-minilm-l6-v2":
        tokenizer = model = None
    else:
        tokenizer = AutoTokenizer.from_pretrained(args.model)
        model = AutoModelForSequenceClassification.from_pretrained(args.model).eval()
    lock = threading.Lock()

    def answer(messages):
        if model is None:
            return "unknown"
        text = " ".join(m.get("content") or "" for m in messages if m.get("role") == "user")
        encoded = tokenizer(text, truncation=True, max_length=128, return_tensors="pt")
        with lock, torch.no_grad():
            logits = model(**encoded).logits
        return model.config.id2label[int(logits.argmax(dim=-1)[0])]

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
            if self.path.rstrip("/") == "/v1/models":
                return self.send_json(200, {"object": "list", "data": [{"id": args.model, "object": "model"}]})
            self.send_json(404, {"error": {"message": f"no route {self.path}", "code": "not_found"}})

        def do_POST(self):
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self.send_json(404, {"error": {"message": f"no route {self.path}", "code": "not_found"}})
            try:
                request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                content = answer(request["messages"])
            except (ValueError, KeyError, TypeError) as error:
                return self.send_json(400, {"error": {"message": f"bad request: {error}", "code": "invalid_request"}})
            self.send_json(200, {
                "id": f"chatcmpl-{time.time_ns()}", "object": "chat.completion", "created": int(time.time()),
                "model": args.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            })

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"serving {args.model} on http://127.0.0.1:{args.port}/v1", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
