#!/usr/bin/env bash
# Runs the embedding Indexed Job, waits for it to complete, then the merge Job.
#   deploy/k8s/run.sh [--namespace NS]    (edit the Jobs' image, volumes, completions/--shards first)
# After a failure: delete the embedding Job and run this again; finished shards exit at once.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
kubectl apply "$@" -f "$HERE/embed-indexed-job.yaml"
kubectl wait "$@" --for=condition=complete --timeout=72h job/latent-sky-embed
kubectl apply "$@" -f "$HERE/merge-job.yaml"
kubectl wait "$@" --for=condition=complete --timeout=6h job/latent-sky-merge
