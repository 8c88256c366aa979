// The crisisdesk page. Every piece of text that comes from a report (titles, quotes, names,
// labels) is inserted with textContent or as a text node, never as HTML: article text is
// untrusted input. The server's Content-Security-Policy is the second line of defence.
"use strict";

const FAMILY_COLOURS = {
  protest: "#1f78b4", violence: "#e31a1c", arrests: "#6a3d9a", property: "#ff7f00",
  policy: "#33a02c", restriction: "#b15928", troops: "#01665e", other: "#737373",
};

const state = {
  meta: null, kinds: {}, asOf: null, days: [], checked: new Set(), known: new Set(), events: [], selected: null,
};

// --- small helpers ---------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value; else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (id) => document.getElementById(id);

function setStatus(message, isError) {
  const status = $("status");
  status.textContent = message || "";
  status.className = isError ? "error" : "";
}

function safeLink(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch { return null; }
}

function colourOf(kind) {
  const info = state.kinds[kind];
  return FAMILY_COLOURS[info ? info.family : "other"] || FAMILY_COLOURS.other;
}

const label = (kind) => kind.replaceAll("_", " ");

// --- the API ---------------------------------------------------------------------------------

async function api(path, params, init) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== null && value !== undefined && value !== "") query.append(key, value);
  }
  const headers = { ...((init && init.headers) || {}) };
  const token = sessionStorage.getItem("crisisdesk-token");
  if (token) headers.Authorization = "Bearer " + token;
  const url = "/api/" + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { ...(init || {}), headers });
  const body = await response.json().catch(() => null);
  if (response.status === 401) $("token-bar").hidden = false;
  if (!response.ok) {
    const error = (body && body.error) || { message: response.statusText, detail: null };
    const failure = new Error(error.message);
    failure.detail = error.detail;
    throw failure;
  }
  return body;
}

function filterParams() {
  return {
    as_of: state.asOf, since: $("f-since").value, until: $("f-until").value,
    place: $("f-place").value.trim(), source: $("f-source").value.trim(), limit: 10000,
  };
}

// --- loading ---------------------------------------------------------------------------------

let map = null;

async function loadMeta() {
  state.meta = await api("meta");
  state.kinds = Object.fromEntries(state.meta.kinds.map((k) => [k.name, k]));
  state.days = state.meta.report_days;
  const slider = $("asof-slider");
  slider.max = String(state.days.length);
  if (state.asOf === null) slider.value = String(state.days.length);
  renderKinds();
  renderLegend();
}

async function refresh({ fit } = { fit: false }) {
  try {
    const meta = await api("meta", { as_of: state.asOf });
    const c = meta.counts;
    $("counts").textContent = `${c.documents} reports · ${c.events} events · ${c.claim_groups} figure groups`;
    await Promise.all([loadEvents(fit), loadClaims(), loadSources()]);
    setStatus("");
  } catch (error) {
    setStatus(error.message, true);
  }
}

async function loadEvents(fit) {
  const allKinds = state.meta.kinds_present;
  const chosen = allKinds.filter((k) => state.checked.has(k));
  let events = [];
  if (chosen.length) {
    const params = filterParams();
    if (chosen.length < allKinds.length) params.kind = chosen;
    events = (await api("events", params)).items;
  }
  state.events = events;
  renderTimeline();
  map.setEvents(events, { fit });
}

async function loadClaims() {
  const params = filterParams();
  renderLedger((await api("claims", params)).items);
}

async function loadSources() {
  const params = filterParams();
  const [documents, framing] = await Promise.all([api("documents", params), api("framing", params)]);
  renderDocuments(documents.items);
  renderFraming(framing.items);
}

// --- kinds, legend, timeline -----------------------------------------------------------------

function renderKinds() {
  // Kinds seen before keep their checkbox; kinds new to the page (after an upload) start on.
  const box = $("kinds");
  box.replaceChildren();
  for (const kind of state.meta.kinds_present) {
    if (!state.known.has(kind)) state.checked.add(kind);
    state.known.add(kind);
    const input = el("input", { type: "checkbox", value: kind, "data-kind": kind });
    input.checked = state.checked.has(kind);
    input.addEventListener("change", () => {
      if (input.checked) state.checked.add(kind); else state.checked.delete(kind);
      loadEvents(false).catch((e) => setStatus(e.message, true));
    });
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = colourOf(kind);
    box.append(el("label", { class: "kind" }, input, swatch, label(kind)));
  }
}

function renderLegend() {
  const legend = $("legend");
  legend.replaceChildren();
  const families = new Set(state.meta.kinds_present.map((k) => (state.kinds[k] || {}).family || "other"));
  for (const family of families) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = FAMILY_COLOURS[family] || FAMILY_COLOURS.other;
    legend.append(el("span", { class: "legend-item" }, swatch, family));
  }
}

function renderTimeline() {
  const list = $("timeline");
  list.replaceChildren();
  $("event-count").textContent = `(${state.events.length})`;
  const byDay = new Map();
  const sorted = state.events.slice().sort((a, b) =>
    (a.historical - b.historical) || ((a.date || "9999") < (b.date || "9999") ? -1 : (a.date || "9999") > (b.date || "9999") ? 1 : 0));
  for (const event of sorted) {
    const day = event.historical ? "background (historical)" : (event.date || "undated");
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(event);
  }
  for (const [day, events] of byDay) {
    const items = el("ul");
    for (const event of events) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = colourOf(event.kind);
      const row = el("button", { type: "button", class: "event-row", "data-event-id": event.id },
        swatch, el("span", { class: "kind-name" }, label(event.kind)), " ",
        el("span", { class: "place" }, event.location || "place unknown"), " ",
        el("span", { class: "muted" }, `${event.independent_sources}/${event.sources.length} src`));
      if (event.id === state.selected) row.classList.add("selected");
      row.addEventListener("click", () => selectEvent(event.id));
      items.append(el("li", null, row));
    }
    list.append(el("li", { class: "day" }, el("h4", null, day), items));
  }
}

// --- the event panel -------------------------------------------------------------------------

async function selectEvent(id) {
  state.selected = id;
  map.select(id);
  renderTimeline();
  const panel = $("panel");
  try {
    const event = await api("events/" + encodeURIComponent(id), { as_of: state.asOf });
    panel.replaceChildren(...eventPanel(event));
  } catch (error) {
    panel.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

function eventPanel(event) {
  const nodes = [
    el("h2", null, label(event.kind)),
    el("p", null, `${event.date || "date unknown"} · ${event.location || "place unknown"}` +
      (event.historical ? " · historical background" : "")),
    el("p", { class: "muted" }, `ACLED: ${event.acled_event_type} / ${event.acled_sub_event_type}`),
    el("p", null, `${event.independent_sources} independent source(s), ${event.sources.length} report(s)`),
  ];
  if (event.actors.length) nodes.push(el("p", { class: "muted" }, "Actors: " + event.actors.join(", ")));
  nodes.push(el("h3", null, "Evidence"));
  for (const item of event.evidence) {
    const context = item.context;
    const quote = el("p", { class: "context" },
      context.clipped_before ? "…" : "", context.before,
      el("mark", { class: "quote" }, context.quote),
      context.after, context.clipped_after ? "…" : "");
    const head = el("p", { class: "source" },
      el("strong", null, item.source || item.doc), item.title ? " — " : "", item.title || "",
      item.published ? ` (${item.published})` : "",
      item.duplicate_of ? ` · copy of ${item.duplicate_of}` : "");
    const link = safeLink(item.url);
    const figure = el("div", { class: "evidence" }, head, quote);
    if (link) figure.append(el("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, "original article"));
    nodes.push(figure);
  }
  return nodes;
}

// --- claims ledger ---------------------------------------------------------------------------

function figure(claim, unit) {
  let text = String(claim.value);
  if (claim.value_max !== null && claim.value_max !== undefined) text += "–" + claim.value_max;
  if (claim.qualifier && claim.qualifier !== "exact") text = claim.qualifier.replaceAll("_", " ") + " " + text;
  return unit ? `${text} ${unit}` : text;
}

function renderLedger(groups) {
  const box = $("ledger");
  box.replaceChildren();
  if (!groups.length) { box.append(el("p", { class: "muted" }, "No figures reported.")); return; }
  for (const group of groups) {
    const rows = group.claims.map((c) => el("tr", null,
      el("td", null, c.source || c.doc), el("td", { class: "num" }, figure(c, c.unit || group.unit)),
      el("td", null, c.attributed_to || ""), el("td", null, c.as_of || c.published || ""),
      el("td", { class: "quote-cell" }, c.quote)));
    const table = el("table", null,
      el("thead", null, el("tr", null, ...["source", "figure", "according to", "as of", "quote"].map((h) => el("th", null, h)))),
      el("tbody", null, ...rows));
    box.append(el("article", { class: "group", "data-status": group.status },
      el("h3", null, `${label(group.measure)} · ${group.who || "people"} · ${group.location || "place unknown"} `,
        el("span", { class: "badge " + group.status }, group.status)),
      el("p", null, group.explanation), table));
  }
}

// --- sources and framing ---------------------------------------------------------------------

function renderDocuments(documents) {
  const body = $("documents").tBodies[0];
  body.replaceChildren(...documents.map((d) => el("tr", { "data-doc-id": d.id },
    el("td", null, d.id), el("td", null, d.title || ""), el("td", null, d.source || ""),
    el("td", null, (d.published || "") + (d.published_estimated ? " (est.)" : "")),
    el("td", null, d.status + (d.duplicate_of ? ` · copy of ${d.duplicate_of}` : "") + (d.error ? ` · ${d.error}` : "")))));
}

function renderFraming(cells) {
  const table = $("framing");
  const groups = [...new Set(cells.map((c) => c.actor_group))].sort();
  const sources = [...new Set(cells.map((c) => c.source))].sort();
  table.tHead.replaceChildren(el("tr", null, el("th", null, "source"), ...groups.map((g) => el("th", null, label(g)))));
  table.tBodies[0].replaceChildren(...sources.map((source) => el("tr", null, el("th", null, source),
    ...groups.map((group) => el("td", null, cells
      .filter((c) => c.source === source && c.actor_group === group)
      .sort((a, b) => b.count - a.count)
      .map((c) => `${c.label} ×${c.count}`).join(", "))))));
}

// --- adding reports --------------------------------------------------------------------------

function logAdd(message, isError) {
  $("add-log").prepend(el("li", { class: isError ? "error" : "ok" }, message));
}

async function afterAdd(result) {
  logAdd(result.summary + (result.failed.length ? " — " + result.failed.map((f) => `${f.origin}: ${f.reason}`).join("; ") : ""));
  await loadMeta();
  await refresh({ fit: true });
}

async function submitPaste(ev) {
  ev.preventDefault();
  const form = ev.target;
  const report = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
  try {
    const result = await api("reports", null, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(report),
    });
    form.reset();
    await afterAdd(result);
  } catch (error) {
    logAdd(error.message + (Array.isArray(error.detail) ? ": " + error.detail.map((d) => d.reason || d.msg).join("; ") : ""), true);
  }
}

async function uploadFiles(files) {
  if (!files.length) return;
  const data = new FormData();
  for (const file of files) data.append("files", file, file.name);
  try {
    await afterAdd(await api("reports", null, { method: "POST", body: data }));
  } catch (error) {
    logAdd(error.message, true);
  }
}

// --- wiring ----------------------------------------------------------------------------------

function showTab(name) {
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.tab === name);
  for (const section of document.querySelectorAll("section.tab")) section.classList.toggle("active", section.id === name);
  if (name === "overview") map.render();
}

function wire() {
  for (const button of document.querySelectorAll("#tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab));
  const slider = $("asof-slider");
  slider.addEventListener("input", () => {
    const index = Number(slider.value);
    state.asOf = index < state.days.length ? state.days[index] : null;
    $("asof-label").textContent = state.asOf ? state.asOf : "all reports";
  });
  slider.addEventListener("change", () => refresh({ fit: false }));
  for (const id of ["f-since", "f-until", "f-place", "f-source"]) $(id).addEventListener("change", () => refresh({ fit: false }));
  $("paste-form").addEventListener("submit", submitPaste);
  const drop = $("drop");
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => { ev.preventDefault(); drop.classList.remove("over"); uploadFiles([...ev.dataTransfer.files]); });
  $("file-input").addEventListener("change", (ev) => { uploadFiles([...ev.target.files]); ev.target.value = ""; });
  $("token-save").addEventListener("click", () => {
    sessionStorage.setItem("crisisdesk-token", $("token-input").value);
    $("token-bar").hidden = true;
    start();
  });
}

async function start() {
  try {
    await loadMeta();
  } catch (error) {
    setStatus(error.message, true);
    return;
  }
  if (!map) {
    map = new window.CrisisMap.EventMap($("map"), { colourOf, onSelect: selectEvent, tileUrl: state.meta.tile_url });
    await map.loadBasemap("/static/basemap/countries-110m.json");
  }
  await refresh({ fit: true });
  document.body.dataset.ready = "true";
}

wire();
start();
