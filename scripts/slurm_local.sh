#!/usr/bin/env bash
# Runs COMMAND with a private single-node Slurm cluster on this machine up, then stops it:
#   scripts/slurm_local.sh sbatch --wait DIR/slurm.sbatch
# For the slow sweep test (tests/test_sweep.cpp) and for trying a sweep's Slurm script
# without a cluster (docs/sweeps.md). Needs root and Debian's slurm-wlm and munge
# (scripts/deps.sh --slow). Everything is private to a temporary directory: its own munge
# key and socket, its own slurm.conf (SLURM_CONF, exported to COMMAND) and ports, so a
# system munge or Slurm is neither used nor disturbed. The daemons started here are
# stopped on exit, by their pids. Exit code: COMMAND's, or 5 when the cluster does not
# come up.
set -euo pipefail
if [[ $# -eq 0 ]]; then echo "usage: scripts/slurm_local.sh COMMAND [ARGS...]" >&2; exit 3; fi
if [[ $(id -u) -ne 0 ]]; then echo "slurm_local: needs root (slurmd runs jobs as their user)" >&2; exit 5; fi
for t in munged mungekey slurmctld slurmd sbatch sinfo; do
  if ! PATH="$PATH:/usr/sbin" command -v "$t" >/dev/null; then
    echo "slurm_local: $t is missing: install slurm-wlm and munge (scripts/deps.sh --slow)" >&2; exit 5
  fi
done
export PATH="$PATH:/usr/sbin"

T=$(mktemp -d /tmp/eb_slurm_XXXXXX)
chmod 755 "$T"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$T"
}
trap cleanup EXIT

# munge: a fresh key, socket, pid and log in $T.
mkdir -p "$T/munge"
chmod 700 "$T/munge"
mungekey --create --keyfile="$T/munge/munge.key" >/dev/null 2>&1 || \
  dd if=/dev/urandom of="$T/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$T/munge/munge.key"
munged --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.socket" \
       --pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" --seed-file="$T/munge/munged.seed"
for _ in $(seq 50); do [[ -s "$T/munge/munged.pid" ]] && break; sleep 0.1; done
pids+=("$(cat "$T/munge/munged.pid")")

# Two free TCP ports for slurmctld and slurmd.
read -r port_ctl port_d < <(python3 -c '
import socket
ss=[socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1",0))
print(*[s.getsockname()[1] for s in ss])')
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p "$T/state" "$T/spool" "$T/log"
: > "$T/plugstack.conf"
cat > "$T/slurm.conf" <<CONF
ClusterName=eblocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port_ctl
SlurmdPort=$port_d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$T/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool/%n
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
PlugStackConfig=$T/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$T/slurm.conf"

slurmctld -i -f "$SLURM_CONF"
for _ in $(seq 100); do [[ -s "$T/slurmctld.pid" ]] && break; sleep 0.1; done
[[ -s "$T/slurmctld.pid" ]] && pids+=("$(cat "$T/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [[ -s "$T/slurmd.pid" ]] && break; sleep 0.1; done
[[ -s "$T/slurmd.pid" ]] && pids+=("$(cat "$T/slurmd.pid")")

# Up when the node is idle.
up=0
for _ in $(seq 300); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -q '^idle'; then up=1; break; fi
  sleep 0.2
done
if [[ $up -ne 1 ]]; then
  echo "slurm_local: the single-node cluster did not come up; logs:" >&2
  tail -n 20 "$T/log/"*.log "$T/munge/munged.log" >&2 2>/dev/null || true
  exit 5
fi
echo "slurm_local: single-node cluster up (node $host, $cpus CPUs, ports $port_ctl/$port_d)" >&2
set +e
"$@"
rc=$?
set -e
exit $rc
