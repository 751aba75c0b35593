#!/usr/bin/env bash
# Submits the embedding array (N shards, at most K running at once) and the merge chained after it.
#   LS_INPUT=/data/cutouts LS_MODEL=model.onnx LS_OUT=/scratch/run1 deploy/slurm/submit.sh 64 16 [extra sbatch options…]
# Prints "<array job id> <merge job id>". After a failure, run the same command again: shards that
# are complete exit at once, interrupted ones resume from their last row group.
set -euo pipefail
N="${1:?usage: submit.sh <shards N> <max running K> [sbatch options…]}"
K="${2:?usage: submit.sh <shards N> <max running K> [sbatch options…]}"
shift 2
HERE="$(cd "$(dirname "$0")" && pwd)"
export LS_SHARDS="$N"
ARRAY=$(sbatch --parsable --array="0-$((N - 1))%$K" --export=ALL "$@" "$HERE/embed-array.sbatch")
ARRAY="${ARRAY%%;*}"
MERGE=$(sbatch --parsable --dependency="afterok:$ARRAY" --kill-on-invalid-dep=yes --export=ALL "$@" "$HERE/merge.sbatch")
echo "$ARRAY ${MERGE%%;*}"
