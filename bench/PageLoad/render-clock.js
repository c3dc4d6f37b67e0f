// Installed by bench/PageLoad before any script of the page runs. On the page's own clock
// (performance.now(): milliseconds since navigation start) it notes each time an element is marked
// data-loaded, by the parser or a script, and when the frame showing it has been produced; and the
// last click, where an in-page action starts.
(() => {
  const clock = { marks: [], clicked: null };
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
  addEventListener("click", () => { clock.clicked = performance.now(); }, true);
})();
