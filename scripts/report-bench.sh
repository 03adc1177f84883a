#!/usr/bin/env bash
# Benchmark of `biolint report` on the real corpora in ../shared/corpora: WikiSER (dev, test),
# WNUT-17 and NCBI-disease, run as one corpus with every rule. The corpora are nearly clean
# for the structural rules, so a copy gets errors put in on purpose (one `B-` in 20 after `O`
# becomes `I-`, one label in 30 is lowercased), enough for ~10,000 findings; `--as-is` runs
# the corpora unchanged. Prints wall time, peak RSS, page size and findings.
# Usage: scripts/report-bench.sh [--as-is] [extra biolint args...]
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${CORPORA:-../shared/corpora} # the repository sits beside shared/
work=${BENCH_DIR:-${TMPDIR:-/tmp}/biolint-report-bench}
mkdir -p "$work"
sources=("$corpora"/wikiser/dev.txt "$corpora"/wikiser/test.txt "$corpora"/wnut17/*.conll
  "$corpora"/wnut17/emerging.test.annotated "$corpora"/ncbi_disease/IOB/*.tsv "$corpora"/ncbi_disease/IOBES/*.tsv)

if [ "${1:-}" = "--as-is" ]; then
  shift
  inputs=("${sources[@]}")
else
  rm -rf "$work/corpus"
  mkdir -p "$work/corpus"
  for f in "${sources[@]}"; do
    name=$(echo "${f#"$corpora"/}" | tr / _)
    awk -F'\t' -v OFS='\t' '
      function label_of(tag) { return substr(tag, 3) }
      NF >= 2 && $NF ~ /^[BIES]-/ {
        n++
        if ($NF ~ /^B-/ && previous == "O" && n % 20 == 0) $NF = "I-" label_of($NF)
        else if (n % 30 == 0) $NF = substr($NF, 1, 2) tolower(label_of($NF))
      }
      { previous = (NF >= 2 ? $NF : ""); print }' "$f" > "$work/corpus/$name"
  done
  inputs=("$work/corpus")
fi

cargo build --release --quiet
page="$work/report.html"
status=0
/usr/bin/time -f '%e %M' -o "$work/time" target/release/biolint report "$@" "${inputs[@]}" --output "$page" \
  2> "$work/stderr" || status=$?
[ "$status" -le 1 ] || { cat "$work/stderr"; exit "$status"; }
read -r wall rss_kb < <(tail -1 "$work/time")
printf 'input: %s MB in %s files\n' "$(du -cm "${inputs[@]}" | tail -1 | cut -f1)" \
  "$(find "${inputs[@]}" -type f | wc -l)"
grep '^Wrote' "$work/stderr"
printf 'biolint report: %.2f s, peak RSS %.1f MB, page %.1f MB (%s)\n' "$wall" \
  "$(echo "$rss_kb / 1024" | bc -l)" "$(echo "$(stat -c %s "$page") / 1048576" | bc -l)" "$page"
