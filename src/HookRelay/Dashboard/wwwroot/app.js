// HookRelay dashboard: the pages arrive rendered by the server; this script only keeps a live page
// fresh (a section with data-refresh="ms": the overview, a running backfill, a replayed dead letter)
// by fetching the same address again and swapping in its <main>, and keeps a search's address
// short. Without it every page still works.
"use strict";

// Bookmarks from the script-built dashboard (#/events?type=…) open the page's own address.
// Only its four pages: anything else in the hash stays where it is (#//elsewhere must not leave the site).
{
  const [view, query] = location.hash.slice(2).split("?");
  const pages = { overview: "/", events: "/events", deadletters: "/deadletters", okta: "/okta" };
  if (location.hash.startsWith("#/") && Object.hasOwn(pages, view)) location.replace(`${pages[view]}${query ? `?${query}` : ""}`);
}

function showError(message) {
  const banner = document.getElementById("error");
  banner.textContent = message ?? "";
  banner.hidden = !message;
}

async function refresh() {
  // Someone is typing into a form on the page (another org's backfill window): not under their hands.
  if (document.activeElement?.matches("main input:not([type=hidden]), main select")) {
    schedule();
    return;
  }
  try {
    const response = await fetch(location.href, { headers: { Accept: "text/html" } });
    if (response.redirected) {
      location.assign(response.url); // signed out or session over: the sign-in page
      return;
    }
    if (!response.ok) {
      showError(`The server answered ${response.status} ${response.statusText}; trying again.`);
    } else {
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("main");
      if (fresh) document.querySelector("main").replaceWith(document.adoptNode(fresh));
      showError(null);
    }
  } catch {
    showError("The server did not answer; trying again.");
  }
  schedule();
}

function schedule() {
  const every = Number(document.querySelector("main [data-refresh]")?.dataset.refresh);
  if (every > 0) setTimeout(refresh, every);
}

// A search leaves its empty fields out of the address, so it stays short enough to read and share.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method !== "get") return;
  event.preventDefault();
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value) query.set(name, value);
  location.assign(`${form.action}${query.size > 0 ? `?${query}` : ""}`);
});

document.addEventListener("DOMContentLoaded", schedule);
