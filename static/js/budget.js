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
  // A cell's figure is selected when the cell gets the focus, so typing replaces it (as in a
  // spreadsheet). A mouse click would undo that on mouseup by putting the caret where the
  // click landed, and "21 000" typed into "20 000" became "2 100 020 000": the click that
  // brings the focus keeps the selection. A click in a cell that already has the focus still
  // places the caret.
  var clicked = null;
  document.addEventListener("mousedown", function (event) {
    var input = event.target;
    var isCell = input instanceof HTMLInputElement && input.classList.contains("cell-input");
    clicked = isCell && input !== document.activeElement ? input : null;
  });
  document.addEventListener("mouseup", function (event) {
    if (clicked && event.target === clicked) {
      event.preventDefault();
      clicked.select();
    }
    clicked = null;
  });
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.classList.contains("cell-input")) {
      input.select();
    }
  });
})();
