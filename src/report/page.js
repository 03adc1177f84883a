// biolint report: draws the findings embedded as JSON in #report-data.
// Every string from the report is untrusted (tokens come from the linted files): it only ever
// reaches the page through text nodes and attribute values, never as markup.
(function () {
  "use strict";

  const R = JSON.parse(document.getElementById("report-data").textContent);
  const GROUPS_PER_PAGE = 40; // surface strings shown per rule before "show more"
  const FINDINGS_PER_PAGE = 10; // findings shown per open group before "show more"
  const OTHERS_SHOWN = 6; // conflicting occurrences shown before "show all"
  const CONTEXT_TOKENS = 20; // tokens shown on each side of a flagged token at first ...
  const OTHER_CONTEXT_TOKENS = 10; // ... and of another occurrence

  const state = {
    rules: new Set(R.rules.map((_, i) => i)),
    file: -1,
    label: -1,
    search: "",
  };

  // Element builder: attributes are set as properties or attributes, children as text nodes.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else if (key === "hue") el.style.setProperty("--h", String(Number(value)));
      else el.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // Messages quote tags and labels in backticks, as in the terminal; show those as code.
  function prose(text) {
    return String(text).split("`").map((part, i) => (i % 2 ? h("code", {}, part) : part));
  }

  const number = (n) => Number(n).toLocaleString("en-US");
  const plural = (n, noun) => `${number(n)} ${noun}${n === 1 ? "" : "s"}`;
  const where = (p) => `${R.files[p.file]}:${p.line}:${p.column}`;

  function visible(index) {
    const f = R.findings[index];
    if (!state.rules.has(f.rule)) return false;
    if (state.file >= 0 && f.at.file !== state.file) return false;
    if (state.label >= 0 && !f.labels.includes(state.label)) return false;
    return true;
  }

  function matchesSearch(group) {
    if (!state.search) return true;
    return group.surface.toLowerCase().includes(state.search);
  }

  // ---- sentences -------------------------------------------------------------------------

  function labelChip(index, extra) {
    const label = R.labels[index];
    return h("span", { class: "chip", hue: label.hue }, label.name, extra);
  }

  // A sentence with its entities coloured by label; `marks` maps token index -> "hit" | "also".
  // Only `radius` tokens around the marked ones are shown at first (whole entities at the
  // edges); the ellipsis of a shortened side shows the rest.
  function sentence(index, marks, radius) {
    const s = R.sentences[index];
    const marked = [...marks.keys()];
    let from = 0;
    let to = s.tokens.length;
    if (radius && marked.length) {
      from = Math.max(0, Math.min(...marked) - radius);
      to = Math.min(to, Math.max(...marked) + radius + 1);
      for (const [start, end] of s.entities) {
        if (start < from && from < end) from = start;
        if (start < to && to < end) to = end;
      }
    }
    const out = h("p", { class: "sentence" });
    const more = (shortened, cut) => {
      if (shortened) {
        return h("button", {
          class: "cut more-tokens", title: "show the whole sentence",
          onclick: () => out.replaceWith(sentence(index, marks, 0)),
        }, "…");
      }
      return cut && h("span", { class: "cut", title: "sentence cut" }, "…");
    };
    out.append(more(from > 0, s.cut_before) || "", " ");
    const token = (i) => {
      const tag = R.tags[s.tags[i]];
      const mark = marks.get(i);
      const el = h("span", { class: mark ? `tok ${mark}` : "tok", title: tag }, s.tokens[i]);
      if (mark) el.append(h("span", { class: "tag" }, tag));
      return el;
    };
    let next = from;
    for (const [start, end, label] of s.entities) {
      if (end <= from || start >= to) continue;
      for (; next < start; next++) out.append(token(next), " ");
      const span = h("mark", { class: "ent", hue: R.labels[label].hue, title: R.labels[label].name });
      for (let i = start; i < end; i++) span.append(token(i), i + 1 < end ? " " : "");
      span.append(h("span", { class: "lab" }, R.labels[label].name));
      out.append(span, " ");
      next = end;
    }
    for (; next < to; next++) out.append(token(next), " ");
    out.append(more(to < s.tokens.length, s.cut_after) || "");
    return out;
  }

  function marksOf(place, kind, marks) {
    for (const t of place.tokens) if (!marks.has(t)) marks.set(t, kind);
    return marks;
  }

  function context(place, marks, radius) {
    if (place.sentence !== null) return sentence(place.sentence, marks, radius);
    if (place.excerpt !== null) return h("pre", { class: "excerpt" }, place.excerpt);
    return h("p", { class: "muted" }, "(not inside a sentence)");
  }

  // ---- findings --------------------------------------------------------------------------

  function finding(index) {
    const f = R.findings[index];
    // Places in the flagged sentence are marked in it; the others are shown beside it.
    const inline = f.others.filter((o) => o.sentence !== null && o.sentence === f.at.sentence);
    const apart = f.others.filter((o) => !inline.includes(o));
    const marks = marksOf(f.at, "hit", new Map());
    inline.forEach((o) => marksOf(o, "also", marks));

    const here = h("div", { class: "here" },
      h("div", { class: "caption" }, h("span", { class: "loc" }, where(f.at))),
      context(f.at, marks, CONTEXT_TOKENS),
      f.at.message && h("p", { class: "label-note hit-note" }, prose(f.at.message)),
      inline.map((o) => h("p", { class: "label-note also-note" },
        h("span", { class: "loc" }, `line ${o.line}`), " ", prose(o.message))));

    const card = h("article", { class: `finding ${f.severity}`, "data-finding": index },
      h("header", {},
        h("span", { class: `sev ${f.severity}` }, f.severity),
        h("span", { class: "message" }, prose(f.message)),
        f.confidence !== null && h("span", {
          class: "confidence", title: "how likely this is an annotation error",
        }, `confidence ${Math.round(f.confidence * 100)}%`)));
    const body = h("div", { class: apart.length ? "pair" : "single" }, here);
    if (apart.length) body.append(others(apart));
    card.append(body);
    for (const note of f.notes) card.append(h("p", { class: "note" }, h("b", {}, "note: "), prose(note)));
    if (f.help) card.append(h("p", { class: "help" }, h("b", {}, "help: "), prose(f.help)));
    return card;
  }

  function others(places) {
    const list = h("div", { class: "others-list" });
    const show = (from, to) => {
      for (const o of places.slice(from, to)) {
        list.append(h("div", { class: "other" },
          h("div", { class: "caption" }, h("span", { class: "loc" }, where(o)), " ",
            h("span", { class: "other-message" }, prose(o.message))),
          context(o, marksOf(o, "also", new Map()), OTHER_CONTEXT_TOKENS)));
      }
    };
    show(0, OTHERS_SHOWN);
    const box = h("div", { class: "others" },
      h("div", { class: "caption title" }, `Other occurrences (${number(places.length)})`), list);
    if (places.length > OTHERS_SHOWN) {
      const more = h("button", {
        class: "more",
        onclick: () => { show(OTHERS_SHOWN, places.length); more.remove(); },
      }, `Show all ${number(places.length)}`);
      box.append(more);
    }
    return box;
  }

  // ---- groups ----------------------------------------------------------------------------

  function group(g, members) {
    const files = new Set(members.map((i) => R.findings[i].at.file));
    const labels = new Set(members.flatMap((i) => R.findings[i].labels));
    const surface = g.surface === ""
      ? h("span", { class: "surface none" }, "(not on a token)")
      : h("code", { class: "surface" }, g.surface);
    const details = h("details", { class: "group" },
      h("summary", {},
        surface,
        h("span", { class: "count" }, `× ${number(members.length)}`),
        h("span", { class: "files" }, `in ${plural(files.size, "file")}`),
        h("span", { class: "chips" }, [...labels].sort((a, b) => a - b).map((l) => labelChip(l)))));
    let shown = 0;
    const list = h("div", { class: "findings" });
    const more = h("button", { class: "more", onclick: () => page() });
    const page = () => {
      const end = Math.min(shown + FINDINGS_PER_PAGE, members.length);
      for (; shown < end; shown++) list.append(finding(members[shown]));
      const left = members.length - shown;
      if (left > 0) more.textContent = `Show ${number(Math.min(left, FINDINGS_PER_PAGE))} more of ${number(left)}`;
      else more.remove();
    };
    details.append(list, more);
    // Findings are drawn when the group is first opened.
    details.addEventListener("toggle", () => { if (details.open && shown === 0) page(); });
    return details;
  }

  function rule(r, index, groups, count) {
    const section = h("section", { class: "rule", id: `rule-${r.code}` },
      h("h2", {},
        h("span", { class: "code" }, r.code), " ", r.name, " ",
        h("span", { class: `sev ${r.severity}` }, r.severity),
        h("span", { class: "rule-count", "data-rule-count": r.code },
          `${plural(count, "finding")} · ${plural(groups.length, "string")}`)),
      h("p", { class: "summary" }, prose(r.summary)));
    const list = h("div", { class: "groups" });
    section.append(list);
    let shown = 0;
    const more = h("button", { class: "more", onclick: () => page() });
    const page = () => {
      const end = Math.min(shown + GROUPS_PER_PAGE, groups.length);
      for (; shown < end; shown++) list.append(group(groups[shown].g, groups[shown].members));
      const left = groups.length - shown;
      if (left > 0) more.textContent = `Show ${number(Math.min(left, GROUPS_PER_PAGE))} more strings of ${number(left)}`;
      else more.remove();
    };
    section.append(more);
    page();
    const first = list.querySelector("details");
    if (first) first.open = true;
    return section;
  }

  // ---- page ------------------------------------------------------------------------------

  const main = h("main", { id: "findings" });
  const status = h("p", { class: "status", id: "status" });

  function draw() {
    main.replaceChildren();
    let total = 0;
    R.rules.forEach((r, index) => {
      if (!state.rules.has(index)) return;
      const groups = [];
      let count = 0;
      for (const g of r.groups) {
        if (!matchesSearch(g)) continue;
        const members = g.findings.filter(visible);
        if (members.length) {
          groups.push({ g, members });
          count += members.length;
        }
      }
      if (count) main.append(rule(r, index, groups, count));
      total += count;
    });
    if (!total) {
      main.append(h("p", { class: "empty" },
        R.totals.findings ? "No finding matches the filters." : "No findings: the corpus is clean."));
    }
    status.textContent = `Showing ${plural(total, "finding")} of ${number(R.totals.findings)}`;
  }

  function stat(key, value, label) {
    return h("div", { class: `stat ${key}` },
      h("span", { class: "value", "data-stat": key }, number(value)), h("span", { class: "name" }, label));
  }

  function header() {
    const t = R.totals;
    return h("header", { class: "top" },
      h("div", { class: "brand" }, h("h1", {}, "biolint report"),
        h("span", { class: "version" }, `biolint ${R.version}`)),
      h("div", { class: "stats" },
        stat("findings", t.findings, t.findings === 1 ? "finding" : "findings"),
        stat("errors", t.errors, t.errors === 1 ? "error" : "errors"),
        stat("warnings", t.warnings, t.warnings === 1 ? "warning" : "warnings"),
        stat("files", t.files, t.files === 1 ? "file" : "files"),
        stat("sentences", t.sentences, t.sentences === 1 ? "sentence" : "sentences"),
        stat("tokens", t.tokens, t.tokens === 1 ? "token" : "tokens")));
  }

  function ruleFilter() {
    const boxes = R.rules.map((r, index) => {
      const box = h("input", {
        type: "checkbox", checked: true, "data-rule": r.code,
        onchange: () => { box.checked ? state.rules.add(index) : state.rules.delete(index); draw(); },
      });
      return h("label", { class: "rule-option" }, box,
        h("span", { class: `dot ${r.severity}` }), h("span", { class: "code" }, r.code), " ", r.name,
        h("span", { class: "n" }, number(r.count)));
    });
    const all = (on) => () => {
      boxes.forEach((label, index) => {
        label.querySelector("input").checked = on;
        on ? state.rules.add(index) : state.rules.delete(index);
      });
      draw();
    };
    return h("div", { class: "filter" },
      h("div", { class: "filter-title" }, "Rules",
        h("span", { class: "toggles" },
          h("button", { class: "link", onclick: all(true) }, "all"), " · ",
          h("button", { class: "link", onclick: all(false) }, "none"))),
      boxes.length ? boxes : h("p", { class: "muted" }, "none fired"));
  }

  function fileFilter() {
    const counts = new Map();
    for (const f of R.findings) counts.set(f.at.file, (counts.get(f.at.file) || 0) + 1);
    const select = h("select", {
      id: "file-filter",
      onchange: () => { state.file = Number(select.value); draw(); },
    }, h("option", { value: -1 }, `All files (${number(R.files.length)})`),
    R.files.map((path, i) => h("option", { value: i }, `${path} (${number(counts.get(i) || 0)})`)));
    return h("div", { class: "filter" }, h("label", { class: "filter-title", for: "file-filter" }, "File"), select);
  }

  function searchFilter() {
    const input = h("input", {
      type: "search", id: "search", placeholder: "token text…",
      oninput: () => { state.search = input.value.trim().toLowerCase(); draw(); },
    });
    return h("div", { class: "filter" }, h("label", { class: "filter-title", for: "search" }, "Surface string"), input);
  }

  // Counts per label; clicking a label keeps the findings that involve it.
  function labelTable() {
    const rows = R.labels.map((l, index) => {
      const row = h("tr", {
        class: "label-row", "data-label": l.name,
        onclick: () => {
          state.label = state.label === index ? -1 : index;
          table.querySelectorAll("tr.label-row").forEach((r, i) => r.classList.toggle("selected", i === state.label));
          draw();
        },
      }, h("td", {}, labelChip(index)), h("td", { class: "num" }, number(l.entities)),
      h("td", { class: "num" }, number(l.findings)));
      return row;
    });
    const table = h("table", { class: "labels" },
      h("thead", {}, h("tr", {}, h("th", {}, "Label"), h("th", { class: "num" }, "entities"),
        h("th", { class: "num" }, "findings"))),
      h("tbody", {}, rows));
    return h("div", { class: "filter" }, h("div", { class: "filter-title" }, "Labels"),
      R.labels.length ? table : h("p", { class: "muted" }, "no entities"));
  }

  const app = document.getElementById("app");
  app.append(header(),
    h("div", { class: "layout" },
      h("aside", { class: "sidebar" }, status, ruleFilter(), fileFilter(), searchFilter(), labelTable()),
      main));
  draw();
})();
