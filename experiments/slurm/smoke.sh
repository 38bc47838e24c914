#!/usr/bin/env bash
# End-to-end check of the cluster up.sh brings up: submit `echo hi`, wait
# for a terminal state, and read it back the three ways NOTES.md describes
# (scontrol within MinJobAge, sacct -c from the jobcomp log, the output file).
# Exit 0 only if all three agree on COMPLETED / exit 0 / "hi".
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
"$here/up.sh"

dir=$(mktemp -d /tmp/slurm-smoke.XXXXXX)
t0=$(date +%s.%N)
id=$(sbatch --parsable --job-name=ftsweep-smoke --comment=smoke \
    --chdir="$dir" --output="$dir/%j.out" --error="$dir/%j.err" --wrap 'echo hi')
# --parsable prints "<id>" or "<id>;<cluster>" on federated setups.
id=${id%%;*}

# Poll: terminal states are everything but PENDING/RUNNING/COMPLETING/etc.
deadline=$(( $(date +%s) + 60 ))
while :; do
    state=$(scontrol show job "$id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    case "$state" in
        PENDING|RUNNING|COMPLETING|CONFIGURING|SUSPENDED|REQUEUED|RESIZING|"") ;;
        *) break ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || { echo "smoke: job $id stuck in '$state'" >&2; exit 1; }
    sleep 0.2
done
t1=$(date +%s.%N)

exit_code=$(scontrol show job "$id" | sed -n 's/.* ExitCode=\([0-9:]*\).*/\1/p')
# The jobcomp record is written when the job completes; sacct -c reads it.
sacct_line=$(sacct -c -j "$id" --noheader --parsable2 --format=JobID,State,ExitCode)
out=$(cat "$dir/$id.out")
printf 'smoke: job %s %s exit %s in %.1fs; sacct -c: %s; output: %s\n' \
    "$id" "$state" "$exit_code" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$sacct_line" "$out"
[ "$state" = COMPLETED ] && [ "$exit_code" = 0:0 ] && [ "$out" = hi ] \
    && [ "$sacct_line" = "$id|COMPLETED|0:0" ] || { echo "smoke: FAILED" >&2; exit 1; }
rm -rf "$dir"
