// Budget grid: Enter moves down a column, Shift+Enter up; Tab moves along the row (native).
// Saving is htmx (hx-post on change); this file only moves focus and keeps the page usable
// without it (the grid is a normal form).
(function () {
  "use strict";
  function cells(grid) {
    return Array.prototype.slice.call(grid.querySelectorAll("input.cell-input"));
  }
  function column(input) {
    var m = /-(\d)$/.exec(input.name);
    return m ? m[1] : null;
  }
  function move(input, step) {
    var grid = document.getElementById("budget-grid");
    if (!grid) return;
    var col = column(input);
    var same = cells(grid).filter(function (el) { return column(el) === col; });
    var i = same.indexOf(input) + step;
    if (i >= 0 && i < same.length) {
      same[i].focus();
      same[i].select();
    }
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("cell-input")) return;
    if (event.key === "Enter") {
      event.preventDefault(); // no whole-form submit: the cell saves itself on change
      input.dispatchEvent(new Event("change", { bubbles: true }));
      move(input, event.shiftKey ? -1 : 1);
    } else if (event.key === "Escape") {
      input.value = input.defaultValue;
    }
  });
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.classList.contains("cell-input")) {
      input.select();
    }
  });
})();
