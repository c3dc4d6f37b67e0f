// Installed by bench/PageLoad in every document before any script of the page runs. On the page's
// own clock (performance.now(): milliseconds since navigation start) it notes each time an element
// is marked data-loaded, by the parser or a script, and when the frame showing it has been produced.
// A click in a page is noted in sessionStorage (this tab's, this origin's) as an epoch time
// (performance.timeOrigin + performance.now()), so the document it opens can time itself from it;
// that document takes it out at once: a click is read by the next document only, never by a later one.
(() => {
  const clock = { marks: [], click: null };
  window.__renderClock = clock;
  const note = (element) => {
    const mark = { id: element.id, rendered: performance.now(), shown: null };
    clock.marks.push(mark);
    // The next frame's callbacks run before it is painted; a task queued from them runs after.
    requestAnimationFrame(() => setTimeout(() => { mark.shown = performance.now(); }, 0));
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") note(record.target);
      else for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE && node.hasAttribute("data-loaded")) note(node);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-loaded"] });

  if (window !== window.top) return;
  const key = "__renderClock.click";
  try {
    const noted = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    if (noted !== null) clock.click = JSON.parse(noted);
  } catch {
    // No sessionStorage in this document (about:blank): no click led here.
  }
  addEventListener("click", () => {
    try {
      sessionStorage.setItem(key, JSON.stringify({ at: performance.timeOrigin + performance.now(), from: location.href }));
    } catch {
      // As above: the next document will have no click, and a figure that needs one fails.
    }
  }, true);
})();
