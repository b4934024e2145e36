// The review page: proposals drawn over page images; click to accept or reject, draw or select words for an
// extra redaction, keyboard shortcuts per category, then one answer to the waiting run. Plain JS, no framework.
"use strict";

const ref = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop());
const api = "/api/verzoek/" + encodeURIComponent(ref);
const state = { sheet: null, decision: new Map(), manual: [], words: new Map(), nextManual: 1, reasons: new Map() };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const category = (code) => state.sheet.categories.find((c) => c.code === code);
const stateText = (v) => (v === true ? "overgenomen" : v === false ? "afgewezen" : "nog niet beoordeeld");

function place(node, rect, page) {
  const [x0, y0, x1, y1] = rect;
  node.style.left = (100 * x0 / page.width) + "%";
  node.style.top = (100 * y0 / page.height) + "%";
  node.style.width = (100 * (x1 - x0) / page.width) + "%";
  node.style.height = (100 * (y1 - y0) / page.height) + "%";
}

function paint(id) {
  const value = state.decision.get(id);
  for (const box of document.querySelectorAll(`.vak[data-voorstel="${CSS.escape(id)}"]`)) {
    box.classList.toggle("open", value === null);
    box.classList.toggle("nee", value === false);
    box.setAttribute("aria-pressed", value === true ? "true" : "false");
    box.setAttribute("aria-label", `Voorstel ${id}: ${box.dataset.uitleg}; ${stateText(value)}`);
  }
}

function decide(ids, value) {
  for (const id of ids) { state.decision.set(id, value); paint(id); }
  tally();
}

function tally() {
  const values = [...state.decision.values()];
  const yes = values.filter((v) => v === true).length, no = values.filter((v) => v === false).length;
  const open = values.length - yes - no;
  $("stand").textContent = `${values.length} voorstellen: ${yes} overgenomen, ${no} afgewezen, ` +
    `${open} nog te beoordelen; ${state.manual.length} extra lakking(en).`;
  for (const li of document.querySelectorAll(".categorieen li")) {
    const ids = state.sheet.proposals.filter((p) => p.category === li.dataset.code).map((p) => p.id);
    const left = ids.filter((id) => state.decision.get(id) === null).length;
    li.querySelector(".telling").textContent = `${ids.length} voorstel(len), ${left} nog te beoordelen`;
  }
  renderReasons();
}

// Relative grounds (5.1.2x, 5.2) are weighed per document: every document with an accepted proposal or an extra
// redaction on such a ground needs a concrete reason, which goes to the decision (and stays out of Prefect).
const isRelative = (code) => Boolean(state.sheet.grounds.find((g) => g.code === code)?.relative);
const reasonKey = (doc, ground) => `${doc}|${ground}`;

function neededReasons() {
  const pairs = new Map();
  for (const p of state.sheet.proposals) {
    if (p.relative && state.decision.get(p.id) === true) pairs.set(reasonKey(p.document, p.ground), [p.document, p.ground]);
  }
  for (const m of state.manual) {
    if (isRelative(m.ground)) pairs.set(reasonKey(m.document, m.ground), [m.document, m.ground]);
  }
  return [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
}

function renderReasons() {
  const needed = neededReasons();
  const list = $("redenlijst");
  list.textContent = "";
  $("redenen").hidden = needed.length === 0;
  for (const [doc, ground] of needed) {
    const key = reasonKey(doc, ground);
    const id = "reden-" + key.replace(/[^0-9a-z]/gi, "-");
    const label = state.sheet.grounds.find((g) => g.code === ground)?.label || "";
    const area = el("textarea", { id, rows: "3", required: "", "data-reden": key,
      oninput: (e) => state.reasons.set(key, e.target.value) });
    area.value = state.reasons.get(key) || "";
    list.append(el("label", { for: id }, `Document ${doc}, grond ${ground} (${label}): reden`), area);
  }
}

function byCategory(code, value) {
  decide(state.sheet.proposals.filter((p) => p.category === code).map((p) => p.id), value);
  const c = category(code);
  announce(`${c.label}: alle voorstellen ${value ? "overgenomen" : "afgewezen"}.`);
}

function announce(text, error = false) {
  const box = $("uitkomst");
  box.hidden = false;
  box.className = "melding" + (error ? " fout" : "");
  box.textContent = text;
  box.scrollIntoView({ block: "nearest" });
}

function manualBox(item, page, layer) {
  const box = el("button", { type: "button", class: "vak extra", "data-extra": item.id,
    "aria-label": `Extra lakking, grond ${item.ground}: klik om te verwijderen`,
    onclick: (e) => { e.stopPropagation(); removeManual(item.id); } }, el("span", { class: "etiket" }, item.ground));
  place(box, item.rect, page);
  layer.append(box);
}

function removeManual(id) {
  state.manual = state.manual.filter((m) => m.id !== id);
  document.querySelector(`[data-extra="${id}"]`)?.remove();
  tally();
  announce("Extra lakking verwijderd.");
}

function addManual(doc, page, rect, layer) {
  const item = { id: state.nextManual++, document: doc.number, page: page.page, rect, ground: $("grond").value };
  state.manual.push(item);
  manualBox(item, page, layer);
  tally();
}

async function wordsOf(doc, page) {
  const key = `${doc.number}/${page.page}`;
  if (!state.words.has(key)) {
    const r = await fetch(`${api}/document/${doc.number}/pagina/${page.page}/woorden`);
    state.words.set(key, r.ok ? await r.json() : []);
  }
  return state.words.get(key);
}

function dragging(layer, doc, page) {
  let start = null, frame = null;
  const point = (e) => {
    const b = layer.getBoundingClientRect();
    return [Math.min(Math.max(e.clientX - b.left, 0), b.width) / b.width * page.width,
            Math.min(Math.max(e.clientY - b.top, 0), b.height) / b.height * page.height];
  };
  layer.addEventListener("pointerdown", (e) => {
    if (mode() === "kiezen" || e.button !== 0 || e.target.closest(".vak.extra")) return;
    start = point(e);
    frame = el("div", { class: "sleep" });
    layer.append(frame);
    layer.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  layer.addEventListener("pointermove", (e) => {
    if (!start) return;
    const [x, y] = point(e);
    place(frame, [Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y)], page);
  });
  layer.addEventListener("pointerup", async (e) => {
    if (!start) return;
    const [x, y] = point(e);
    const rect = [Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y)];
    start = null;
    frame.remove();
    if (rect[2] - rect[0] < 2 || rect[3] - rect[1] < 2) return;
    const round = (r) => r.map((v) => Math.round(v * 100) / 100);
    if (mode() === "tekenen") {
      addManual(doc, page, round(rect), layer);
      announce(`Extra lakking getekend op pagina ${page.page} van document ${doc.number}.`);
      return;
    }
    // Words: every word the rectangle touches, one box per line.
    const lines = new Map();
    for (const w of await wordsOf(doc, page)) {
      const [a, b, c, d] = w.rect;
      if (a < rect[2] && c > rect[0] && b < rect[3] && d > rect[1]) {
        const u = lines.get(w.line);
        lines.set(w.line, u ? [Math.min(u[0], a), Math.min(u[1], b), Math.max(u[2], c), Math.max(u[3], d)] : w.rect);
      }
    }
    for (const r of lines.values()) addManual(doc, page, round(r), layer);
    announce(lines.size ? `${lines.size} regel(s) met woorden geselecteerd voor een extra lakking.`
                        : "Geen woorden in de selectie.", !lines.size);
  });
}

const mode = () => document.querySelector("input[name=modus]:checked").value;

function render() {
  const s = state.sheet;
  document.title = `Lakvoorstellen ${s.number}`;
  $("titel").textContent = `Lakvoorstellen beoordelen – ${s.number}`;
  $("kop").textContent = (s.waiting ? (s.answer_due ? `Antwoord nodig vóór ${s.answer_due}` : "Wacht op uw beoordeling") :
    `Dit verzoek wacht nu niet op een beoordeling (wacht op: ${s.waiting_for || "niets"}); u kunt alleen kijken`) +
    ` · beslissen uiterlijk ${s.decision_due || "-"}`;
  if (s.problems.length) {
    $("eerder").hidden = false;
    $("eerder").append(el("strong", {}, "Het vorige antwoord is niet overgenomen:"),
      el("ul", {}, ...s.problems.map((p) => el("li", {}, p))));
  }
  $("grond").append(...s.grounds.map((g) => el("option", { value: g.code }, `${g.code} – ${g.label}`)));
  $("grond-uitleg").hidden = !isRelative($("grond").value);
  const list = $("categorieen");
  s.categories.forEach((c, i) => {
    const key = i < 9 ? ` – toets ${i + 1}` : "";
    list.append(el("li", { "data-code": c.code },
      el("span", { class: "staal", style: `background:${c.colour}`, "aria-hidden": "true" }),
      el("span", {}, el("strong", {}, c.label + key), el("br"), el("span", { class: "telling" })),
      el("span", { class: "knoppen" },
        el("button", { type: "button", onclick: () => byCategory(c.code, true) }, "alles overnemen"),
        el("button", { type: "button", onclick: () => byCategory(c.code, false) }, "alles afwijzen"))));
  });
  for (const p of s.proposals) {
    state.decision.set(p.id, p.status === "auto" || p.status === "accepted" ? true
                             : p.status === "rejected" ? false : null);
  }
  const main = $("documenten");
  main.textContent = "";
  main.append(el("h2", { class: "verborgen" }, `${s.documents.length} documenten`));
  for (const doc of s.documents) {
    const section = el("section", { class: "document", "aria-labelledby": `doc-${doc.number}` },
      el("h2", { id: `doc-${doc.number}` }, `Document ${doc.number}: ${doc.title}`));
    for (const page of doc.pages) {
      const layer = el("div", { class: "laag" });
      const figure = el("figure", { class: "pagina", "data-document": doc.number, "data-pagina": page.page },
        el("img", { src: `${api}/document/${doc.number}/pagina/${page.page}.png`, loading: "lazy",
                    width: Math.round(page.width), height: Math.round(page.height),
                    alt: `Pagina ${page.page} van document ${doc.number}` }),
        layer,
        el("figcaption", {}, `pagina ${page.page} van ${doc.pages.length}`));
      for (const p of s.proposals.filter((q) => q.document === doc.number && q.page === page.page)) {
        const c = category(p.category);
        p.rects.forEach((rect, i) => {
          const box = el("button", { type: "button", class: "vak", "data-voorstel": p.id,
            "data-categorie": p.category, "data-uitleg": `${c.label}, grond ${p.ground}`,
            style: `--kleur:${c.colour}`, tabindex: i === 0 ? "0" : "-1",
            onclick: () => { if (mode() === "kiezen") decide([p.id], state.decision.get(p.id) !== true); } });
          if (i === 0) box.append(el("span", { class: "etiket" }, p.ground));
          place(box, rect, page);
          layer.append(box);
        });
      }
      dragging(layer, doc, page);
      section.append(figure);
    }
    main.append(section);
  }
  for (const p of s.proposals) paint(p.id);
  tally();
  if (!s.waiting) $("versturen").disabled = true;
}

document.addEventListener("change", (e) => {
  if (e.target.id === "grond") { $("grond-uitleg").hidden = !isRelative(e.target.value); return; }
  if (e.target.name !== "modus") return;
  document.body.classList.remove("modus-kiezen", "modus-tekenen", "modus-woorden");
  document.body.classList.add("modus-" + mode());
});

document.addEventListener("keydown", (e) => {
  if (!state.sheet || e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, select, textarea")) return;
  const digit = /^Digit([1-9])$/.exec(e.code);
  if (digit) {
    const c = state.sheet.categories[Number(digit[1]) - 1];
    if (c) { byCategory(c.code, !e.shiftKey); e.preventDefault(); }
  } else if (e.key === "a" || e.key === "A") {
    decide(state.sheet.proposals.map((p) => p.id), true);
    announce("Alle voorstellen overgenomen.");
    e.preventDefault();
  }
});

$("verzenden").addEventListener("submit", async (e) => {
  e.preventDefault();
  const by = $("door").value.trim();
  if (!by) { announce("Vul uw gebruikers-id in.", true); $("door").focus(); return; }
  const open = [...state.decision].filter(([, v]) => v === null).map(([id]) => id);
  if (open.length) {
    announce(`Nog ${open.length} voorstel(len) niet beoordeeld; neem ze over of wijs ze af.`, true);
    document.querySelector(`.vak[data-voorstel="${CSS.escape(open[0])}"]`)?.focus();
    return;
  }
  const needed = neededReasons();
  const missing = needed.find(([doc, ground]) => !(state.reasons.get(reasonKey(doc, ground)) || "").trim());
  if (missing) {
    announce(`Geef een concrete reden voor document ${missing[0]}, grond ${missing[1]} (relatieve grond).`, true);
    document.querySelector(`[data-reden="${CSS.escape(reasonKey(...missing))}"]`)?.focus();
    return;
  }
  const body = {
    answered_by: by,
    decisions: [...state.decision].map(([proposal, accept]) => ({ proposal, accept })),
    manual: state.manual.map(({ document, page, rect, ground }) => ({ document, page, rect, ground })),
    reasons: needed.map(([document, ground]) => ({ document, ground,
                                                   reason: state.reasons.get(reasonKey(document, ground)).trim() })),
  };
  $("versturen").disabled = true;
  announce("Versturen…");
  try {
    const r = await fetch(api + "/antwoord", { method: "POST", headers: { "Content-Type": "application/json" },
                                               body: JSON.stringify(body) });
    const result = await r.json().catch(() => ({ ok: false, problems: [`De server antwoordde met ${r.status}.`] }));
    if (result.ok) {
      announce(result.message);
    } else {
      const box = $("uitkomst");
      announce("Beoordeling niet overgenomen; het verzoek blijft wachten:", true);
      box.append(el("ul", {}, ...(result.problems || [result.detail]).map((p) => el("li", {}, p))));
      $("versturen").disabled = false;
    }
  } catch (err) {
    announce("Versturen mislukt (geen verbinding); probeer het opnieuw.", true);
    $("versturen").disabled = false;
  }
});

document.body.classList.add("modus-kiezen");
fetch(api).then(async (r) => {
  if (!r.ok) {
    $("laden").textContent = (await r.json()).detail || "Dit verzoek bestaat niet.";
    return;
  }
  state.sheet = await r.json();
  render();
});
