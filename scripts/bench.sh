#!/usr/bin/env bash
# Benchmark: builds a large 2-column IOB2 file by repeating the real corpora in
# ../shared/corpora (converted to `token<TAB>tag` with blank lines between sentences), then
# times `biolint check --format json` on it against `wc -l`, with every rule and with the
# structural rules alone (the corpus-wide consistency rules off), reporting wall time, MB/s
# and peak RSS (GNU time), and how many times the structural check's time the full check
# takes. Usage: scripts/bench.sh [SIZE_MB] [extra biolint args...]
# BENCH_FORMAT=jsonl|conllu|gz times the same sentences as JSON Lines (`tokens`/`ner_tags`),
# as CoNLL-U (tag in MISC, `NER=...`) or gzip-compressed instead.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-150}
shift || true
corpora=${CORPORA:-../shared/corpora} # the repository sits beside shared/
work=${BENCH_DIR:-${TMPDIR:-/tmp}/biolint-bench}
big="$work/big-${size_mb}mb.tsv"
mkdir -p "$work"

if [ ! -s "$big" ]; then
  seed="$work/seed.tsv"
  {
    # WikiSER: <s> blocks -> blank-line separated sentences.
    awk -F'\t' '$0 == "<s>" { next } $0 == "</s>" { print ""; next } { print $1 "\t" $NF }' \
      "$corpora"/wikiser/dev.txt "$corpora"/wikiser/test.txt
    # WNUT-17 and NCBI-disease (IOB2) are already token<TAB>tag; TAB-only lines become blank.
    for f in "$corpora"/wnut17/*.conll "$corpora"/wnut17/emerging.test.annotated "$corpora"/ncbi_disease/IOB/*.tsv; do
      awk -F'\t' 'NF < 2 || $0 ~ /^[ \t]*$/ { print ""; next } { print $1 "\t" $NF }' "$f"
      echo
    done
    # UNER English: `# ...` comments, then `index token tag - annotator`.
    awk -F'\t' '/^#/ { next } NF < 3 { print ""; next } { print $2 "\t" $3 }' "$corpora"/uner_en_ewt/*.iob2
  } > "$seed"
  [ -s "$seed" ] || { echo "no corpus text found under $corpora" >&2; exit 2; }
  target=$((size_mb * 1024 * 1024))
  : > "$big"
  while [ "$(stat -c %s "$big")" -lt "$target" ]; do cat "$seed" >> "$big"; done
  rm "$seed"
fi

case ${BENCH_FORMAT:-tsv} in
  tsv) ;;
  jsonl)
    [ -s "$big.jsonl" ] || awk -F'\t' '
      function flush() { if (n) print "{\"tokens\": [" toks "], \"ner_tags\": [" tags "]}"; n = 0; toks = tags = "" }
      function q(s) { gsub(/\\/, "\\\\\\\\", s); gsub(/"/, "\\\\\"", s); return "\"" s "\"" }
      NF < 2 { flush(); next }
      { toks = toks (n ? ", " : "") q($1); tags = tags (n ? ", " : "") q($2); n++ }
      END { flush() }' "$big" > "$big.jsonl"
    big="$big.jsonl" ;;
  conllu)
    [ -s "$big.conllu" ] || awk -F'\t' '
      NF < 2 { if (n) print ""; n = 0; next }
      { n++; printf "%d\t%s\t_\t_\t_\t_\t_\t_\t_\tNER=%s\n", n, $1, $2 }' "$big" > "$big.conllu"
    big="$big.conllu" ;;
  gz)
    [ -s "$big.gz" ] || gzip -c "$big" > "$big.gz"
    big="$big.gz" ;;
  *) echo "BENCH_FORMAT is tsv, jsonl, conllu or gz" >&2; exit 2 ;;
esac

cargo build --release --quiet
bytes=$(stat -c %s "$big")
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null || true
  read -r wall rss_kb < "$work/time"
  last_wall=$wall
  awk -v l="$label" -v w="$wall" -v r="$rss_kb" -v b="$bytes" 'BEGIN {
    printf "%-28s %6.2f s  %8.1f MB/s  peak RSS %7.1f MB (%.2fx input)\n",
      l, w, (w > 0 ? b / 1048576 / w : 0), r / 1024, r * 1024 / b }'
}
printf 'input: %s, %.1f MB, %s lines\n' "$big" "$(echo "$bytes / 1048576" | bc -l)" "$(wc -l < "$big")"
measure "wc -l" wc -l "$big"
# The corpus-wide rules are the ones `biolint rules` lists with a C code.
consistency=$(target/release/biolint rules | awk '$1 ~ /^C[0-9]+$/ { printf "%s%s", sep, $2; sep = "," }')
measure "biolint check --format json" target/release/biolint check --format json "$@" "$big"
full_wall=$last_wall
measure "  structural rules only" target/release/biolint check --format json --ignore "$consistency" "$@" "$big"
# The consistency rules' speed bar: under 3x the structural time (their memory bar, under 2x
# the input, is the last column of the full check's line).
awk -v fw="$full_wall" -v sw="$last_wall" 'BEGIN {
  printf "every rule takes %.2fx the time of the structural rules only\n", (sw > 0 ? fw / sw : 0) }'
