#!/usr/bin/env bash
# Bring up a real single-node Slurm cluster (munged + slurmctld + slurmd) on
# this machine, for ftsweep's Slurm executor tests. See NOTES.md.
#
# Idempotent: when the packages are installed, the config is current and the
# node is usable, it only checks and prints the status line (well under 1 s).
# Exits non-zero with a message on stderr when Slurm cannot be brought up.
#
# Written for Debian 12 (slurm-wlm 22.05) running as root without systemd
# (containers, gVisor sandboxes, CI runners): the daemons are started
# directly instead of through service units.
set -euo pipefail

die() { echo "slurm up: FAILED: $*" >&2; exit 1; }

# Everything below writes /etc, /var and /run and starts root daemons.
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        exec sudo -n -- bash "$0" "$@"
    fi
    die "must run as root (or with passwordless sudo); try: sudo $0"
fi

PARTITION=debug
CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
LOG_DIR=/var/log/slurm
STATE_DIR=/var/lib/slurm
# How long to wait for each daemon / for the node to become usable. Startup
# is ~1-2 s on the reference machine; the margin is for slow CI hosts.
WAIT_S=${SLURM_UP_WAIT_S:-60}
# linuxproc (default) needs nothing from the kernel but loses processes that
# get reparented to init (e.g. a background child still running when the job
# script exits). cgroup kills every process of the job but needs a writable
# cgroup tree; it worked in the gVisor sandbox these notes were taken on, but
# a Docker CI runner may not allow it. See NOTES.md "Process tree".
PROCTRACK=${SLURM_PROCTRACK:-linuxproc}
case "$PROCTRACK" in linuxproc|cgroup) ;; *) die "SLURM_PROCTRACK must be linuxproc or cgroup, not '$PROCTRACK'";; esac

# ---------------------------------------------------------------- packages
# slurm-client carries sbatch/squeue/sacct/scancel; slurm-wlm pulls in the
# daemons. No slurmdbd/MariaDB: sacct is served from the jobcomp/filetxt log
# with `sacct -c` instead (see NOTES.md, "Final state").
need_pkgs=()
for p in munge slurmctld slurmd slurm-client slurm-wlm-basic-plugins; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' \
        || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || die "missing ${need_pkgs[*]} and no apt-get to install them"
    echo "slurm up: installing ${need_pkgs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # A fresh CI image has no package lists; only refresh when install fails
    # so the common (lists present) case stays fast.
    apt-get install -y --no-install-recommends "${need_pkgs[@]}" >/dev/null 2>&1 || {
        apt-get update >/dev/null 2>&1 || die "apt-get update failed"
        apt-get install -y --no-install-recommends "${need_pkgs[@]}" >/dev/null \
            || die "apt-get install ${need_pkgs[*]} failed"
    }
fi

# ------------------------------------------------------------------ config
# NodeName is the short hostname because slurmd looks itself up by it;
# NodeAddr/SlurmctldHost address pin 127.0.0.1 so DNS never matters.
NODE=$(hostname -s)
# `slurmd -C` prints the hardware exactly as slurmd will detect it; declaring
# more than that would drain the node ("Low RealMemory"/"Low CPUs").
hw=$(slurmd -C 2>/dev/null | head -n1) || die "slurmd -C failed"
field() { printf '%s\n' "$hw" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
CPUS=$(field CPUs); MEM=$(field RealMemory)
SOCKETS=$(field SocketsPerBoard); CORES=$(field CoresPerSocket); THREADS=$(field ThreadsPerCore)
[ -n "$CPUS" ] && [ -n "$MEM" ] || die "cannot parse 'slurmd -C' output: $hw"

new_conf=$(cat <<EOF
# Written by ftsweep experiments/slurm/up.sh; rewritten when it differs.
ClusterName=ftsweep
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
SwitchType=switch/none
# linuxproc by default: sandboxes/containers rarely give a writable cgroup
# tree. It tracks the job's processes by parentage, enough for scancel to
# kill a job script and its live children (measured, NOTES.md).
ProctrackType=proctrack/$PROCTRACK
TaskPlugin=task/none
# One core per job by default, memory not a consumable resource (the
# partition lets up to four jobs share a core, so concurrent tests on a
# 2-core CI runner never queue behind each other's waiting trainers): with
# CR_Core_Memory and no DefMemPerCPU each job would claim the whole node.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# A node that went down (e.g. slurmd restarted) comes back by itself.
ReturnToService=2
# Finished jobs stay visible to squeue/scontrol this long (seconds).
MinJobAge=300
KillWait=10
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
Waittime=0
# No slurmdbd: accounting storage off, and finished jobs are appended to a
# text file that 'sacct -c' reads (the only sacct source without slurmdbd).
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG_DIR/jobcomp.log
StateSaveLocation=$STATE_DIR/slurmctld
SlurmdSpoolDir=$STATE_DIR/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS Boards=1 SocketsPerBoard=$SOCKETS CoresPerSocket=$CORES ThreadsPerCore=$THREADS RealMemory=$MEM State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
)

mkdir -p "$CONF_DIR" "$LOG_DIR" "$STATE_DIR/slurmctld" "$STATE_DIR/slurmd"
conf_changed=0
if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$new_conf" ]; then
    printf '%s\n' "$new_conf" > "$CONF.tmp" && mv "$CONF.tmp" "$CONF"
    conf_changed=1
fi
# cgroup.conf only matters to proctrack/cgroup; autodetect picks v1 on a
# hybrid/legacy mount (as here) and v2 on a unified one.
CG_HEADER='# Written by ftsweep experiments/slurm/up.sh'
if [ "$PROCTRACK" = cgroup ]; then
    new_cg="$CG_HEADER
CgroupPlugin=autodetect
CgroupAutomount=yes
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainDevices=no"
    if [ ! -f "$CONF_DIR/cgroup.conf" ] || [ "$(cat "$CONF_DIR/cgroup.conf")" != "$new_cg" ]; then
        printf '%s\n' "$new_cg" > "$CONF_DIR/cgroup.conf"; conf_changed=1
    fi
elif [ -f "$CONF_DIR/cgroup.conf" ]; then
    # Ours, or one left from a manual experiment with a different plugin.
    rm -f "$CONF_DIR/cgroup.conf"; conf_changed=1
fi

# ----------------------------------------------------------------- daemons
alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

# Poll instead of sleeping a fixed time: returns as soon as "$@" succeeds.
wait_for() {
    local what=$1; shift
    local deadline=$(( $(date +%s) + WAIT_S ))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

stop_pidfile() {
    alive "$1" || return 0
    local pid; pid=$(cat "$1")
    kill "$pid" 2>/dev/null || true
    wait_for "$1 exit" sh -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
}

# A config change needs fresh daemons (node definitions are not reloadable).
if [ "$conf_changed" -eq 1 ]; then
    stop_pidfile /run/slurmd.pid
    stop_pidfile /run/slurmctld.pid
fi

MUNGE_PID=/run/munge/munged.pid
if ! alive "$MUNGE_PID"; then
    # munged runs as the munge user (as under systemd); it needs its runtime
    # dir and a key. The package's postinst creates the key; recreate if lost.
    install -d -o munge -g munge -m 0755 /run/munge
    install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
    if [ ! -s /etc/munge/munge.key ]; then
        mungekey --create --keyfile=/etc/munge/munge.key
        chown munge:munge /etc/munge/munge.key; chmod 0600 /etc/munge/munge.key
    fi
    # --force: a stale socket left by a killed munged would otherwise stop it.
    runuser -u munge -- /usr/sbin/munged --force \
        || die "munged did not start; see /var/log/munge/munged.log"
fi
wait_for munge sh -c 'munge -n | unmunge' \
    || die "munge does not round-trip a credential; see /var/log/munge/munged.log"

if ! alive /run/slurmctld.pid; then
    # Job ids restart at 1 when the controller has no saved state, but the
    # jobcomp log outlives it: 'sacct -c -j 1' would then return the old job 1
    # too (measured). Set the old log aside so ids stay unique within it.
    if [ ! -e "$STATE_DIR/slurmctld/job_state" ] && [ -s "$LOG_DIR/jobcomp.log" ]; then
        mv "$LOG_DIR/jobcomp.log" "$LOG_DIR/jobcomp.log.$(date -u +%Y%m%dT%H%M%SZ)"
    fi
    # Without -D slurmctld daemonizes itself and writes its pidfile.
    # -i: ignore unreadable state files rather than refusing to start.
    /usr/sbin/slurmctld -i || die "slurmctld did not start; see $LOG_DIR/slurmctld.log"
fi
wait_for slurmctld scontrol ping \
    || die "slurmctld not answering 'scontrol ping' after ${WAIT_S}s; see $LOG_DIR/slurmctld.log"
# 'scontrol ping' reports DOWN with exit status 0 on some versions.
scontrol ping 2>/dev/null | grep -q 'is UP' \
    || die "slurmctld is DOWN; see $LOG_DIR/slurmctld.log"

if ! alive /run/slurmd.pid; then
    /usr/sbin/slurmd || die "slurmd did not start; see $LOG_DIR/slurmd.log"
fi

# ------------------------------------------------------------------- node
# sinfo %t: idle, mix, alloc, comp are usable; down/drain (with * for "not
# responding" or ~ for power-save suffixes) need a resume.
node_state() { sinfo --noheader --nodes="$NODE" --format=%t 2>/dev/null | head -n1; }
node_usable() { case "$(node_state)" in idle|mix|alloc|comp) return 0;; *) return 1;; esac; }

deadline=$(( $(date +%s) + WAIT_S ))
resumed=0
until node_usable; do
    st=$(node_state)
    case "$st" in
        down|drain|drng|drained|fail|down\*|drain\*)
            # Only resume once slurmd has registered, else it flips back down.
            if [ "$resumed" -eq 0 ] && alive /run/slurmd.pid; then
                scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true
                resumed=1
            fi ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
        reason=$(sinfo --noheader --nodes="$NODE" --format=%E 2>/dev/null | head -n1)
        die "node $NODE is '${st:-unknown}' (reason: ${reason:-none}) after ${WAIT_S}s; see $LOG_DIR/slurmd.log"
    fi
    sleep 0.2
done

echo "slurm up: node $NODE $(node_state), partition $PARTITION"
