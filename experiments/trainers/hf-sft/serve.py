#!/usr/bin/env python3
"""Serves a LoRA adapter (or a base model) over OpenAI's chat completions (docs/trainer-contract.md, Serving).

    python3 serve.py --model RUN_DIR/adapter --port 8000

An adapter folder loads its base from adapter_config.json (base + adapter, PEFT); any other folder
is served as a base model. Prompts go through the tokenizer's chat template; answers are greedy,
up to --max-new-tokens. Standard-library HTTP on 127.0.0.1; SIGTERM stops it.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def load(path):
    adapter = os.path.join(path, "adapter_config.json")
    if os.path.isfile(adapter):
        from peft import PeftModel
        with open(adapter, encoding="utf-8") as handle:
            base = json.load(handle)["base_model_name_or_path"]
        model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), path)
    else:
        model = AutoModelForCausalLM.from_pretrained(path)
    return AutoTokenizer.from_pretrained(path), model.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="an adapter or model folder ({model_dir})")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-new-tokens", type=int, default=8)
    args = parser.parse_args()
    tokenizer, model = load(args.model)
    lock = threading.Lock()  # one generation at a time: the model is not made for concurrent calls

    def answer(messages):
        ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                            return_dict=True)
        with lock, torch.no_grad():
            output = model.generate(**ids, max_new_tokens=args.max_new_tokens, do_sample=False,
                                    pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
        return tokenizer.decode(output[0][ids["input_ids"].shape[1]:], skip_special_tokens=True).strip()

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
