// Progressive enhancement only: every page works without this file.

// A table wider than the screen scrolls inside its .table-scroll box: make such a box
// reachable and scrollable from the keyboard (WCAG 2.1.1), named after the table's caption.
// Only boxes that really scroll get a tab stop; the check is repeated on resize and htmx swaps.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
        var caption = box.querySelector("caption");
        if (caption && caption.textContent.trim()) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        ["tabindex", "data-scroll-focus", "role", "aria-label"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  var pending = null;
  function later() {
    if (pending) window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(function () { pending = null; mark(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
})();
