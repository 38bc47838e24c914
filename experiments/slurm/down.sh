#!/usr/bin/env bash
# Stop the daemons started by up.sh (slurmd, slurmctld, munged).
# Running jobs do NOT die with slurmd: their slurmstepd is reparented to init
# and keeps going (measured), so by default all jobs are cancelled first and
# waited for; `down.sh --keep-jobs` skips that (jobs are picked up again by
# the next up.sh, since slurmctld saves state).
# Keeps packages, config, state and logs: a following up.sh starts fast.
# Idempotent: stopping what is not running is not an error.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        exec sudo -n -- bash "$0" "$@"
    fi
    echo "slurm down: must run as root (or with passwordless sudo)" >&2; exit 1
fi

stop() {
    local name=$1 pidfile=$2 pid i
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile" 2>/dev/null) || return 0
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        # Poll up to ~20 s for a clean exit (slurmctld saves state on TERM).
        for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "slurm down: $name ($pid) ignored TERM, killing" >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

if [ "${1:-}" != --keep-jobs ] && scontrol ping 2>/dev/null | grep -q 'is UP'; then
    ids=$(squeue --noheader --format=%i 2>/dev/null || true)
    if [ -n "$ids" ]; then
        # shellcheck disable=SC2086 # one id per word
        scancel $ids 2>/dev/null || true
        # KillWait=10 in slurm.conf: SIGTERM, then SIGKILL 10 s later.
        for i in $(seq 100); do
            [ -z "$(squeue --noheader --format=%i 2>/dev/null)" ] && break
            sleep 0.2
        done
    fi
fi

stop slurmd /run/slurmd.pid
stop slurmctld /run/slurmctld.pid
stop munged /run/munge/munged.pid
echo "slurm down: stopped"
