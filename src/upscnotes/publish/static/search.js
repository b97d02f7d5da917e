// Search with Pagefind. Loaded only by the search page: Chromium refuses import() and fetch() over file://.
// The index is one Pagefind index per month plus one for the glossary, merged here (mergeIndex), so that
// re-publishing a day only re-indexes its month.
const form = document.getElementById("search");
const status = document.getElementById("status");
const list = document.getElementById("results");
const params = new URLSearchParams(location.search);
let pagefind = null;

function say(text) { status.textContent = text; }

function excerptNodes(excerpt) {
  // Pagefind's excerpt is escaped text with <mark> around hits: rebuild it as text nodes and <mark> elements.
  const frag = document.createDocumentFragment();
  const parser = new DOMParser();
  excerpt.split(/(<mark>|<\/mark>)/).reduce((inMark, part) => {
    if (part === "<mark>") return true;
    if (part === "</mark>") return false;
    const text = parser.parseFromString("<body>" + part, "text/html").body.textContent || "";
    if (text) {
      if (inMark) { const m = document.createElement("mark"); m.textContent = text; frag.appendChild(m); }
      else frag.appendChild(document.createTextNode(text));
    }
    return inMark;
  }, false);
  return frag;
}

async function load() {
  if (pagefind) return pagefind;
  if (location.protocol === "file:") throw new Error("file");
  pagefind = await import("../pagefind/pagefind.js");
  await pagefind.options({ excerptLength: 24 });
  const extra = (form.dataset.indexes || "").split(" ").filter(Boolean);
  for (const url of extra) await pagefind.mergeIndex(new URL(url, document.baseURI).href);
  await pagefind.init();
  return pagefind;
}

async function run() {
  const q = form.q.value.trim();
  const filters = {};
  if (form.gs.value) filters.gs = form.gs.value;
  if (form.month.value) filters.month = form.month.value;
  list.replaceChildren();
  if (!q && !Object.keys(filters).length) { say(""); return; }
  say("Searching…");
  let pf;
  try { pf = await load(); } catch (e) {
    say(e.message === "file" ? "Search needs a web server: run upscnotes serve on the site folder." : "Search could not load its index.");
    return;
  }
  const search = await pf.search(q || null, { filters });
  const data = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  for (const d of data) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = new URL(d.url.replace(/^\/+/, ""), document.baseURI).href;
    a.textContent = (d.meta && d.meta.title) || d.url;
    li.appendChild(a);
    if (d.meta && d.meta.kind) { const b = document.createElement("span"); b.className = "badge"; b.textContent = d.meta.kind; li.append(" ", b); }
    const p = document.createElement("p");
    p.appendChild(excerptNodes(d.excerpt || ""));
    li.appendChild(p);
    list.appendChild(li);
  }
  say(search.results.length ? `${search.results.length} result${search.results.length === 1 ? "" : "s"}` : "No results.");
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  for (const k of ["q", "gs", "month"]) { if (form[k].value) url.searchParams.set(k, form[k].value); else url.searchParams.delete(k); }
  history.replaceState(null, "", url);
  run();
});
for (const k of ["q", "gs", "month"]) if (params.get(k)) form[k].value = params.get(k);
if (params.get("q") || params.get("gs") || params.get("month")) run();
