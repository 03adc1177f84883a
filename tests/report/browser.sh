#!/usr/bin/env bash
# Browser check of `biolint report`: draws the report of tests/report/corpus in headless
# Chromium, then checks the page through its DOM after the script ran, and takes a screenshot.
# Installs Debian's chromium when no Chromium is found. Not part of `cargo test`.
#
# Usage: tests/report/browser.sh [OUT_DIR]   (keeps report.html, dom.html, report.png there)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath "${1:-$(mktemp -d)}")
mkdir -p "$out"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
  browser=$(command -v chromium)
fi

cargo build --quiet
status=0
target/debug/biolint report tests/report/corpus --output "$out/report.html" || status=$?
[ "$status" -eq 1 ] || { echo "FAIL: biolint report exited $status, expected 1 (error findings)"; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>/dev/null
}
chrome --dump-dom "file://$out/report.html" > "$out/dom.html"
chrome --window-size=1400,1000 --screenshot="$out/report.png" "file://$out/report.html" > /dev/null
# The filters, driven the way a reader would, in a copy of the page with a script appended.
sed 's|</body>|<script>\
const results = [];\
const status = () => results.push(document.getElementById("status").textContent);\
document.querySelector("button.more-tokens").click();\
results.push("whole sentence: " + [...document.querySelectorAll(".tok")].some((t) => t.textContent === "click"));\
const file = document.getElementById("file-filter");\
file.value = "0"; file.dispatchEvent(new Event("change")); status();\
document.querySelector("input[data-rule=T002]").click(); status();\
file.value = "-1"; file.dispatchEvent(new Event("change")); status();\
const search = document.getElementById("search");\
search.value = "lin"; search.dispatchEvent(new Event("input")); status();\
search.value = ""; search.dispatchEvent(new Event("input"));\
document.querySelector("tr.label-row[data-label=operating_system]").click(); status();\
document.body.append(Object.assign(document.createElement("pre"), { id: "filter-results", textContent: results.join("\\n") }));\
</script></body>|' "$out/report.html" > "$out/filters.html"
chrome --dump-dom "file://$out/filters.html" > "$out/filters-dom.html"

failures=0
dom="$out/dom.html"
expect() { # what, text that the drawn DOM ($dom) must contain
  if grep -qF -- "$2" "$dom"; then echo "ok: $1"; else echo "FAIL: $1: no \`$2\`"; failures=$((failures + 1)); fi
}
expect_count() { # what, text, how many times
  local n
  n=$( (grep -oF -- "$2" "$dom" || true) | wc -l)
  if [ "$n" -eq "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: \`$2\` $n times, expected $3"; failures=$((failures + 1)); fi
}

# The title is still the one biolint wrote: the `onerror` token of the corpus did not run.
expect "title" "<title>biolint report: 5 findings in 2 files</title>"
expect "findings count" 'data-stat="findings">5<'
expect "errors count" 'data-stat="errors">2<'
expect "warnings count" 'data-stat="warnings">3<'
expect "sentences count" 'data-stat="sentences">11<'
expect "tokens count" 'data-stat="tokens">97<'
expect "filter status" "Showing 5 findings of 5"
expect "rule section counts" 'data-rule-count="T004">2 findings · 1 string<'
expect "label counts" 'data-label="operating_system"'
# The first group of each rule is open: label-variant's `Debian`, flagged with its tag ...
expect "flagged token" '<span class="tok hit" title="B-operating_system">Debian<span class="tag">B-operating_system</span></span>'
expect "entity coloured by label" '<mark class="ent" title="Operating_System" style="--h: '
# ... and type-conflict's `Linux`, beside the three occurrences it conflicts with.
expect "conflicting occurrences" 'Other occurrences (3)'
expect "confidence" 'confidence 71%'
# Hostile tokens are text: escaped in the DOM, no element made from them.
expect "script token as text" '&lt;script&gt;alert(1)&lt;/script&gt;'
expect_count "only the page's own scripts" "<script" 2
expect_count "no element from the img token" "<img" 0
# A long sentence shows the tokens around the flagged one first.
expect "long sentence shortened" '<button class="cut more-tokens" title="show the whole sentence">…</button>'
expect_count "long sentence's end hidden" '>click<' 0

# The first `…` shows the rest of the long sentence around `SQL`;
# languages.tsv (file 0) has 2 findings, one of them T002; `lin` is type-conflict's `Linux`;
# both label-variant findings are on `operating_system`.
filtered=$(sed -n '/<pre id="filter-results">/,/<\/pre>/p' "$out/filters-dom.html" |
  sed 's/.*<pre id="filter-results">//; s|</pre>.*||')
expected=$'whole sentence: true\nShowing 2 findings of 5\nShowing 1 finding of 5\nShowing 3 findings of 5\nShowing 1 finding of 5\nShowing 2 findings of 5'
if [ "$filtered" = "$expected" ]; then
  echo "ok: filters by file, rule, surface string and label"
else
  echo "FAIL: filters: got"$'\n'"$filtered"$'\n'"expected"$'\n'"$expected"
  failures=$((failures + 1))
fi

echo "page: $out/report.html, DOM: $out/dom.html, screenshot: $out/report.png"
if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "browser check passed"
