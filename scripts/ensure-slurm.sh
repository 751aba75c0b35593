#!/usr/bin/env bash
# The SLURM integration test (test/cli/slurm.test.ts) runs a real one-node SLURM from Debian's
# packages. As root on Debian/Ubuntu, install them where missing; elsewhere say what is needed
# (the test then skips with that reason rather than failing on a machine that cannot have SLURM).
set -euo pipefail
if command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "No SLURM found: installing Debian's slurm-wlm and munge (about a minute)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  exit 0
fi
echo "SLURM is not installed and cannot be installed here (needs root and apt-get): 'sudo apt-get install slurm-wlm munge'; the SLURM test will be skipped." >&2
exit 0
