#!/usr/bin/env bash
# The evaluation of README's "Evaluating the consistency rules": injects errors into the real
# corpora in ../shared/corpora (or $CORPORA) and scores biolint's consistency rules beside a
# majority vote. Extra arguments go to the harness (e.g. --rate 0.05 --seeds 4,5,6).
# Usage: scripts/evaluate.sh [harness args...]
set -euo pipefail
cd "$(dirname "$0")/.."
c=${CORPORA:-../shared/corpora} # the repository sits beside shared/
set -x
cargo run --quiet --release --example evaluate -- \
  --corpus "wikiser-dev=$c/wikiser/dev.txt" \
  --corpus "wikiser-test=$c/wikiser/test.txt" \
  --corpus "wnut17=$c/wnut17/wnut17train.conll,$c/wnut17/emerging.dev.conll,$c/wnut17/emerging.test.annotated" \
  --corpus "ncbi-disease=$c/ncbi_disease/IOB/train.tsv,$c/ncbi_disease/IOB/devel.tsv,$c/ncbi_disease/IOB/test.tsv" \
  --corpus "ncbi-disease-bioes=$c/ncbi_disease/IOBES/train.tsv,$c/ncbi_disease/IOBES/devel.tsv,$c/ncbi_disease/IOBES/test.tsv" \
  --corpus "uner-en-ewt-dev=$c/uner_en_ewt/en_ewt-ud-dev.iob2" \
  --rate 0.02 --seeds 1,2,3 "$@"
