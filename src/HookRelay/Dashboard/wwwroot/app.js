// HookRelay dashboard: plain JavaScript over the admin API (/api/v1), no framework, nothing from the internet.
"use strict";

const $ = (selector) => document.querySelector(selector);
const views = ["overview", "events", "deadletters", "okta"];
// Counts with thousands separators ("12,345"). Not Intl.NumberFormat: making one took 25-55 ms of
// a first load in a fresh browser here (bench/PageLoad), longer than the page's own work.
const number = { format: (count) => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",") };
let refresh = null;
let nextCursor = null;
// The dead letters page lists the newest first, a page at a time (the API's limit is at most 1,000).
const deadPage = 50, deadMax = 1000;
let deadLimit = deadPage;

// Thresholds that turn a figure red; the cards say them in words.
const ackRedMs = 2500;
const pendingRed = 1000;
const duplicatesRedShare = 0.1;

function request(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.body ? { "Content-Type": "application/json" } : {}) };
  const token = sessionStorage.getItem("hookrelay.token");
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(path, { ...options, headers });
}

async function api(path, options = {}) {
  const response = await (takeEarly(path, options) ?? request(path, options));
  if (response.status === 401) {
    $("#token-form").hidden = false;
    throw new Error("An admin token is needed.");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `${response.status} ${response.statusText}`);
  }
  return response.json();
}

// The data the address's page shows, asked for while the browser is still building the page (this
// script runs in <head>): a first load would otherwise wait for the parse before asking.
let early = null;

function takeEarly(path, options) {
  if (!early || early.path !== path || options.method) return null;
  const response = early.response;
  early = null;
  return response;
}

function showError(error) {
  $("#error").textContent = error ? error.message : "";
  $("#error").hidden = !error;
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text ?? "–";
  if (className) td.className = className;
  return td;
}

function row(cells, className) {
  const tr = document.createElement("tr");
  if (className) tr.className = className;
  cells.forEach((c) => tr.append(c instanceof Node ? c : cell(c)));
  return tr;
}

function card(id, figure, level) {
  const element = $(`#${id}`);
  element.querySelector(".figure").textContent = figure;
  element.classList.remove("red", "amber");
  if (level) element.classList.add(level);
}

// Marks a page's section data-loaded once its data is in the page (set again on every load): what
// tests and the page-load benchmark (bench/PageLoad) wait for, as nothing else says "rendered".
function rendered(view) {
  $(`#${view}`).setAttribute("data-loaded", "");
}

function time(value) {
  return value ? new Date(value).toISOString().replace("T", " ").slice(0, 19) + "Z" : "–";
}

// What each page asks the admin API for first; the events page's search comes from the address.
const dataPaths = {
  overview: () => "/api/v1/overview",
  events: () => `/api/v1/events?${searchQuery()}`,
  deadletters: () => `/api/v1/deadletters?limit=${deadLimit}`,
  okta: () => "/api/v1/okta",
};

async function loadOverview() {
  const data = await api(dataPaths.overview());
  const received = data.minutes.reduce((sum, m) => sum + m.received, 0);
  const delivered = data.minutes.reduce((sum, m) => sum + m.delivered, 0);
  const pending = data.sinks.reduce((sum, s) => sum + s.pending + s.inFlight, 0);
  const recent = data.recent;
  card("card-received", number.format(received));
  card("card-delivered", number.format(delivered), pending > pendingRed ? "red" : null);
  card("card-ack", recent.ackP99Ms == null ? "no deliveries" : `${recent.ackP99Ms.toFixed(1)} ms`, recent.ackP99Ms > ackRedMs ? "red" : null);
  card("card-duplicates", number.format(recent.duplicateEvents),
    recent.duplicateEvents > recent.events * duplicatesRedShare ? "red" : null);
  const unreconciled = data.orgs.filter((o) => o.problems.length > 0);
  card("card-recovered", number.format(data.recoveredLastDay), unreconciled.length > 0 ? "red" : data.recoveredLastDay > 0 ? "amber" : null);
  card("card-okta", data.orgs.length === 0 ? "no org configured" : unreconciled.length === 0 ? "all healthy" : `${unreconciled.length} with problems`,
    unreconciled.length > 0 ? "red" : null);
  $("#card-okta").title = unreconciled.flatMap((o) => o.problems.map((p) => `${o.org}: ${p}`)).join("\n");
  drawChart(data.minutes);
  const body = $("#sinks tbody");
  body.replaceChildren(...data.sinks.map((s) => row(
    [s.sink, number.format(s.pending + s.inFlight), number.format(s.failing), number.format(s.dead), time(s.pausedUntil), cell(s.lastError, "wrap")],
    s.dead > 0 || s.pausedUntil ? "red" : s.failing > 0 ? "amber" : null)));
  rendered("overview");
}

function drawChart(minutes) {
  const svg = $("#chart");
  const width = 600, height = 160;
  const top = Math.max(1, ...minutes.map((m) => Math.max(m.received, m.delivered)));
  const step = width / minutes.length;
  const ns = "http://www.w3.org/2000/svg";
  const bars = minutes.map((m, i) => {
    const bar = document.createElementNS(ns, "rect");
    const h = (m.received / top) * (height - 10);
    bar.setAttribute("x", (i * step + 1).toFixed(1));
    bar.setAttribute("y", (height - h).toFixed(1));
    bar.setAttribute("width", Math.max(1, step - 2).toFixed(1));
    bar.setAttribute("height", h.toFixed(1));
    bar.setAttribute("class", "bar-received");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${time(m.minute)}: ${m.received} received, ${m.delivered} delivered`;
    bar.append(title);
    return bar;
  });
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("class", "line-delivered");
  line.setAttribute("points", minutes.map((m, i) => `${(i * step + step / 2).toFixed(1)},${(height - (m.delivered / top) * (height - 10)).toFixed(1)}`).join(" "));
  svg.replaceChildren(...bars, line);
  // The SVG stretches to the page's width, so its scale is said in words below it.
  $("#chart-scale").textContent = minutes.length === 0 ? "" :
    `Top of the chart: ${number.format(top)} events a minute; from ${time(minutes[0].minute)} (left) to ${time(minutes[minutes.length - 1].minute)} (right).`;
}

// The explorer's search lives in the address (#/events?type=…), so a search can be bookmarked or shared.
const searchFields = ["type", "since", "until", "actor", "target", "hook", "provenance"];

function addressQuery() {
  return new URLSearchParams(location.hash.split("?")[1] ?? "");
}

function searchQuery() {
  const query = new URLSearchParams();
  for (const [key, value] of addressQuery()) if (value && searchFields.includes(key)) query.set(key, value);
  return query;
}

function formQuery() {
  const query = new URLSearchParams();
  for (const [key, value] of new FormData($("#search"))) if (value) query.set(key, value);
  return query;
}

async function loadEvents(append) {
  const page = await api(append && nextCursor ? `${dataPaths.events()}&cursor=${encodeURIComponent(nextCursor)}` : dataPaths.events());
  const rows = page.items.map((e) => {
    const tr = row([e.published, e.eventType, e.uuid, e.hook, e.provenance]);
    tr.dataset.uuid = e.uuid;
    tr.addEventListener("click", () => showEvent(e.uuid).catch(showError));
    return tr;
  });
  const body = $("#event-list tbody");
  if (append) body.append(...rows); else body.replaceChildren(...rows);
  nextCursor = page.next;
  $("#more").hidden = !nextCursor;
  rendered("events");
}

async function showEvent(uuid) {
  const detail = await api(`/api/v1/events/${encodeURIComponent(uuid)}`);
  $("#detail-title").textContent = `${detail.eventType ?? "(no type)"} · ${detail.uuid}`;
  $("#detail-deliveries tbody").replaceChildren(...detail.deliveries.map((d) => row(
    [d.sink, d.state, String(d.attempts), cell(d.lastError, "wrap")], d.state === "dead" ? "red" : d.state === "pending" ? "amber" : null)));
  $("#detail-json").textContent = JSON.stringify(detail.event, null, 2);
  $("#event-detail").hidden = false;
  $("#event-detail").scrollIntoView({ block: "nearest" });
}

async function loadDeadLetters() {
  const letters = await api(dataPaths.deadletters());
  $("#dead-empty").hidden = letters.length > 0;
  const more = letters.length === deadLimit && deadLimit < deadMax;
  $("#dead-more").hidden = !more;
  $("#dead-shown").textContent = letters.length === 0 ? "" :
    `The ${number.format(letters.length)} newest dead letters${more ? "; there are more" : letters.length === deadMax ? " (the most the page lists; the CLI lists more: hookrelay deadletters list --limit N)" : ""}.`;
  $("#dead tbody").replaceChildren(...letters.map((d) => {
    const button = document.createElement("button");
    button.textContent = "Replay";
    button.addEventListener("click", () => replay(d.sink, d.uuid, button).catch(showError));
    const action = document.createElement("td");
    action.append(button);
    return row([d.sink, d.uuid, d.eventType, String(d.attempts), time(d.diedAt), cell(d.lastError, "wrap"), action], "red");
  }));
  rendered("deadletters");
}

async function replay(sink, uuid, button) {
  button.disabled = true;
  const result = await api("/api/v1/replay", { method: "POST", body: JSON.stringify({ sink, uuid, deadLettersOnly: true }) });
  button.textContent = result.queued > 0 ? "Queued" : "Nothing to replay";
  setTimeout(() => loadDeadLetters().catch(showError), 1500);
}

async function loadOkta() {
  const orgs = await api(dataPaths.okta());
  const blocks = orgs.map((o) => {
    const block = document.createElement("article");
    const problems = o.health?.problems ?? [];
    block.className = problems.length > 0 ? "org red" : "org";
    const title = document.createElement("h2");
    title.textContent = o.org;
    const status = document.createElement("p");
    status.textContent = problems.length > 0 ? problems.join("; ") : o.health ? "Credentials, hooks and daily volume are fine." : "Not assessed yet.";
    const rec = o.reconciliation;
    const facts = document.createElement("p");
    facts.textContent = `Missed by push and recovered: ${number.format(rec.missed)} · reconciled up to ${time(rec.checkedUpTo)} · ` +
      `Okta delivery failures (24 h): ${number.format(o.deliveryFailures.length)}` +
      (o.health ? ` · events in 24 h: ${number.format(o.health.eventsLast24Hours)} of 400,000` : "");
    const recovery = document.createElement("p");
    recovery.className = "rule";
    recovery.textContent = rec.missed > 0
      ? `Recovered ${duration(rec.recoveredAfterMedian)} after publication (median), ${duration(rec.recoveredAfterMax)} at most. ` +
        `${number.format(rec.awaitingPush)} read from the System Log are still inside the grace window, waiting for Okta's push.`
      : `${number.format(rec.awaitingPush)} read from the System Log are still inside the grace window, waiting for Okta's push.`;
    const missed = document.createElement("div");
    missed.className = "missed-tables";
    missed.append(missedTable(rec.missedByType, "Event type", "missed-types"), missedTable(rec.missedByHour, "Hour (UTC)", "missed"));
    block.append(title, status, facts, recovery, missed, failureList(o.deliveryFailures), backfillForm(o.org, o.backfill));
    return block;
  });
  $("#orgs").replaceChildren(...(blocks.length > 0 ? blocks : [document.createTextNode("No Okta org is configured (Okta:Orgs).")]));
  rendered("okta");
}

// Missed events by hour of publication (last 24 h): a small table, the hours Okta's push lost events.
// Missed events (last 24 h) by one key, type or hour of publication: where Okta's push lost events.
function missedTable(rows, heading, className) {
  const wrap = document.createElement("div");
  wrap.className = `scroll ${className}`;
  if (rows.length === 0) {
    wrap.textContent = "No event was missed in the last 24 hours.";
    return wrap;
  }
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th></th><th>Missed by push, recovered</th></tr></thead><tbody></tbody>";
  table.tHead.rows[0].cells[0].textContent = heading;
  table.tBodies[0].append(...rows.map((r) => row([r.key, number.format(r.count)], "amber")));
  wrap.append(table);
  return wrap;
}

// A .NET TimeSpan as JSON ("[d.]hh:mm:ss[.fffffff]") in words: "5.1 s", "3 min", "2.5 h".
function duration(value) {
  const m = value ? /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value) : null;
  if (!m) return "–";
  const seconds = Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return seconds < 90 ? `${seconds.toFixed(1)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

// Okta's own record of deliveries it gave up on (event_hook.delivery), newest first.
function failureList(failures) {
  const wrap = document.createElement("div");
  wrap.className = "scroll failures";
  if (failures.length === 0) return wrap;
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>Okta gave up at</th><th>Hook</th><th>Reason</th></tr></thead><tbody></tbody>";
  table.tBodies[0].append(...[...failures].reverse().slice(0, 50).map((f) => row([time(f.published), f.hookName ?? f.hookId, cell(f.reason, "wrap")], "red")));
  wrap.append(table);
  return wrap;
}

// "Backfill this window": the server reads the org's System Log for the window in the background
// and stores what Okta never delivered; the form follows its progress, also one started before the
// page was opened.
function backfillForm(org, running) {
  const form = document.createElement("form");
  form.className = "filters backfill";
  form.innerHTML = '<label>Since <input name="since" value="24h" required></label><label>Until <input name="until" placeholder="now"></label><button>Backfill this window</button><output></output>';
  const result = form.querySelector("output");
  const button = form.querySelector("button");
  const address = `/api/v1/okta/${encodeURIComponent(org)}/backfill`;
  const follow = async (started) => {
    button.disabled = true;
    try {
      let status = await started;
      while (status.state === "running") {
        result.textContent = `Reading the System Log… ${number.format(status.read)} events read, ${number.format(status.backfilled)} of them missing and now stored.`;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        status = await api(address);
      }
      result.textContent = status.state === "done"
        ? `${number.format(status.read)} events in the window; ${number.format(status.backfilled)} were missing and are now stored.`
        : `${status.error} (${number.format(status.read)} read, ${number.format(status.backfilled)} stored.)`;
    } catch (error) {
      result.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const fields = new FormData(form);
    const body = { since: fields.get("since"), until: fields.get("until") || null };
    result.textContent = "Reading the System Log…";
    follow(api(address, { method: "POST", body: JSON.stringify(body) }));
  });
  // A backfill still running (started from another tab, or before a reload): follow it here too.
  if (running?.state === "running") follow(running);
  return form;
}

const loaders = { overview: loadOverview, events: () => loadEvents(false), deadletters: loadDeadLetters, okta: loadOkta };

function fillSearch() {
  const params = addressQuery();
  for (const field of $("#search").elements) if (field.name) field.value = params.get(field.name) ?? "";
}

function currentView() {
  const path = location.hash.split("?")[0];
  return views.find((v) => path === `#/${v}`) ?? "overview";
}

function route() {
  const view = currentView();
  if (view === "events") fillSearch();
  views.forEach((v) => { $(`#${v}`).hidden = v !== view; });
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  clearInterval(refresh);
  const load = () => loaders[view]().then(() => showError(null), showError);
  load();
  if (view === "overview") refresh = setInterval(load, 3000);
}

function start() {
  $("#search").addEventListener("submit", (e) => {
    e.preventDefault();
    $("#event-detail").hidden = true;
    const hash = `#/events?${formQuery()}`;
    if (location.hash === hash) loadEvents(false).then(() => showError(null), showError);
    else location.hash = hash; // route() runs the search
  });
  $("#more").addEventListener("click", () => loadEvents(true).catch(showError));
  $("#dead-more").addEventListener("click", () => {
    deadLimit = Math.min(deadMax, deadLimit + 4 * deadPage);
    loadDeadLetters().catch(showError);
  });
  $("#token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem("hookrelay.token", $("#token").value);
    $("#token-form").hidden = true;
    route();
  });
  window.addEventListener("hashchange", route);
  if (tokenMissing) $("#token-form").hidden = false;
  else route();
}

// Ask for the token first when the server wants one (it marks the page) and this tab has none yet.
const tokenMissing = "tokenRequired" in document.documentElement.dataset && !sessionStorage.getItem("hookrelay.token");
if (!tokenMissing) {
  const path = dataPaths[currentView()]();
  early = { path, response: request(path) };
}
document.addEventListener("DOMContentLoaded", start);
