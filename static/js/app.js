// Progressive enhancement only: every page works without this file.

// A table wider than the screen scrolls inside its .table-scroll box: make such a box
// reachable and scrollable from the keyboard (WCAG 2.1.1), named after the table's caption.
// Only boxes that really scroll get a tab stop; the check is repeated on resize and htmx swaps.
// The reading view shows the PDF's own markup (for an approved plan, kept as it read at the
// decision), whose tables have no such box: each gets one here, so on a phone a wide table
// scrolls by itself instead of the whole page (WCAG 1.4.10).
(function () {
  "use strict";
  function wrapReadingTables() {
    document.querySelectorAll(".plan-document table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      var wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });
  }
  function mark() {
    wrapReadingTables();
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

// The export tab's job area (templates/pdf/_job.html) is replaced by htmx after "Skapa PDF"
// and on every poll while a file is made, and the control that had the keyboard focus goes
// with it: the next Tab then started after the area and skipped "Ladda ner PDF". Here:
// - a poll that changes nothing the user can see is not swapped in (nothing moves, and a
//   screen reader is not told the same progress text every second);
// - after a swap, if the focus was in the area, it goes back to the same control (htmx does
//   that by id) or else to the job's focus point: its status while it runs, the new download
//   link when it is done. Focus that was elsewhere on the page is never taken.
(function () {
  "use strict";
  var pending = null; // {area: id, job: kind} while a swap of a focused job area settles

  function signature(area) {
    var states = Array.prototype.map.call(area.querySelectorAll("[data-job]"), function (job) {
      return job.getAttribute("data-job") + ":" + job.getAttribute("data-job-state");
    });
    return states.join(",") + "|" + area.textContent.replace(/\s+/g, " ").trim();
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var area = event.detail.target;
    if (!area || !area.id || !area.querySelector("[data-job]") || !event.detail.shouldSwap) return;
    var config = event.detail.requestConfig || {};
    if (String(config.verb || "").toLowerCase() === "get") {
      var doc = new DOMParser().parseFromString(event.detail.serverResponse, "text/html");
      var fresh = doc.getElementById(area.id);
      if (fresh && signature(fresh) === signature(area)) {
        event.detail.shouldSwap = false;
        return;
      }
    }
    var active = document.activeElement;
    if (active && active !== area && area.contains(active)) {
      var job = active.closest("[data-job]");
      pending = { area: area.id, job: job ? job.getAttribute("data-job") : null };
    } else {
      pending = null;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var wanted = pending;
    pending = null;
    var area = document.getElementById(wanted.area);
    if (!area) return;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return; // still held
    var job = (wanted.job && area.querySelector('[data-job="' + wanted.job + '"]')) || area;
    var target = job.querySelector("[data-job-focus]") || area.querySelector("[data-job-focus]");
    if (target) target.focus({ preventScroll: true });
  });
})();

// After a full-page post the browser starts reading at the top of the new page, so a screen
// reader user hears the page title and header again and may never learn what became of the
// form (a role=alert already in the page on load is not announced). Move the focus to the
// outcome instead: the first "Inget sparades"/error box, or else the message saying what was
// done. Only on page load, and not where a #fragment or the user already moved the focus;
// htmx swaps announce themselves through their live regions. A refusal beats the #fragment:
// the views that send the user back to the part they changed (#tags, #activities, a budget
// line) say "not saved" in the messages at the top, which a reader at the fragment never met.
(function () {
  "use strict";
  function focusOutcome() {
    var errors = document.querySelector("main .form-errors");
    var refused = document.querySelector("main .messages .message--error");
    if (window.location.hash && !errors && !refused) return;
    var outcome = errors || document.querySelector("main .messages");
    if (!outcome) return;
    var active = document.activeElement;
    // An autofocus field (the login form's user name) yields to an error, not to a message.
    var claimed = active && active !== document.body;
    if (claimed && !(errors && active.hasAttribute("autofocus"))) return;
    if (!outcome.hasAttribute("tabindex")) outcome.setAttribute("tabindex", "-1");
    outcome.focus();
    if (window.location.hash) keep(outcome);
  }
  // Chromium applies the #fragment once the page has loaded and, as the target (a heading)
  // cannot take the focus, clears it: put it back once, unless the user has moved on.
  function keep(outcome) {
    var moved = false;
    ["keydown", "mousedown", "touchstart"].forEach(function (type) {
      document.addEventListener(type, function () { moved = true; }, { capture: true, once: true });
    });
    outcome.addEventListener("blur", function () {
      window.setTimeout(function () {
        var active = document.activeElement;
        if (!moved && (!active || active === document.body)) outcome.focus();
      }, 0);
    }, { once: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusOutcome);
  } else {
    focusOutcome();
  }
})();

// An htmx answer (the section editor's autosave) swaps each field's error box
// ("<id>_error", templates/plans/section_edit.html) in out of band. Mark the field as Django
// marks it on a page without JavaScript: aria-invalid and the box in its aria-describedby; an
// emptied box (a later save went through) takes the mark away. A stand-in for a hidden field
// (the rich-text editor for its textarea) names it in data-errors-of and is marked with it.
// Only attributes change: what the user typed stays as it is.
(function () {
  "use strict";
  function describedBy(field, id, add) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (add) ids.push(id);
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
  }
  function markFields() {
    document.querySelectorAll("[data-error-for]").forEach(function (box) {
      var name = box.getAttribute("data-error-for");
      var invalid = box.textContent.trim() !== "";
      var fields = Array.prototype.slice.call(
        document.querySelectorAll('[data-errors-of="' + name + '"]')
      );
      var field = document.getElementById(name);
      if (field) fields.push(field);
      fields.forEach(function (f) {
        if (invalid) f.setAttribute("aria-invalid", "true");
        else f.removeAttribute("aria-invalid");
        describedBy(f, box.id, invalid);
      });
      var wrapper = box.closest(".field");
      if (wrapper) wrapper.classList.toggle("field--error", invalid);
    });
  }
  document.addEventListener("htmx:afterSettle", markFields);
})();

// A save that does not go through is never silent. Whatever htmx does not swap (the
// network is down, the request timed out, the server refused it: signed out, the CSRF
// check, a 4xx/5xx) is said in the request's status region: the one named by data-status
// on the form or an ancestor, else the form's own role=status element, else the page's
// #request-error alert. Where the server answered with its own line ([data-request-error]:
// finsam.access.signed_out_response, finsam.views.csrf_failure) that line is shown; else
// one of the texts #request-error carries (translated in templates/base.html). Only that
// message changes: the form and what the user typed stay, and a later save that goes
// through takes the message away (its own status replaces it or, where it does not, here).
(function () {
  "use strict";
  function page() {
    return document.getElementById("request-error");
  }
  function regionFor(elt) {
    if (elt && elt.closest) {
      var named = elt.closest("[data-status]");
      var region = named && document.querySelector(named.getAttribute("data-status"));
      if (region) return region;
      var form = elt.closest("form");
      region = form && form.querySelector("[role=status]");
      if (region) return region;
    }
    return page();
  }
  function clear(region) {
    if (!region) return;
    region.querySelectorAll("[data-request-error]").forEach(function (old) { old.remove(); });
  }
  function show(elt, nodes) {
    var region = regionFor(elt);
    if (!region) return;
    var line = document.createElement("span");
    line.className = "request-error";
    line.setAttribute("data-request-error", "");
    nodes.forEach(function (node) { line.appendChild(document.importNode(node, true)); });
    var old = region.querySelector("[data-request-error]");
    if (old && old.textContent === line.textContent) return; // a poll failing again: said once
    clear(region);
    region.insertBefore(line, region.firstChild);
  }
  function text(kind, verb) {
    var box = page();
    if (!box) return null;
    var reading = String(verb || "").toLowerCase() === "get";
    return document.createTextNode(box.getAttribute(reading ? "data-msg-load" : "data-msg-" + kind));
  }
  function verbOf(event) {
    return (event.detail.requestConfig || {}).verb;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var own = null;
    if (xhr && /text\/html/.test(xhr.getResponseHeader("Content-Type") || "")) {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      own = doc.querySelector("body > [data-request-error]");
    }
    var nodes = own ? Array.prototype.slice.call(own.childNodes) : [text("server", verbOf(event))];
    show(event.detail.elt, nodes.filter(Boolean));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.elt, [text("network", verbOf(event))].filter(Boolean));
  });
  document.addEventListener("htmx:timeout", function (event) {
    show(event.detail.elt, [text("timeout", verbOf(event))].filter(Boolean));
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      clear(regionFor(event.detail.elt));
      clear(page());
    }
  });
})();

// The CSRF token is read from its cookie when each htmx request is sent, not only from the
// page: signing in again in another tab (what the "signed out" message asks for) gives a new
// token, and this page's copy would then be refused. Django reads a form's own
// csrfmiddlewaretoken before the header, so that field is brought up to date too. The
// cookie's name comes from the settings (data-csrf-cookie on <body>); without the cookie
// (blocked) the page's token is sent, and the refusal is said in the status.
// finsamCsrfCookie() is also what the editor's own requests send (static/js/richtext.js).
(function () {
  "use strict";
  function cookie(name) {
    var found = document.cookie.split(";").map(function (c) { return c.trim(); }).filter(function (c) {
      return c.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
  }
  window.finsamCsrfCookie = function () {
    var name = document.body.getAttribute("data-csrf-cookie");
    return (name && cookie(name)) || null;
  };
  document.addEventListener("htmx:configRequest", function (event) {
    var token = window.finsamCsrfCookie();
    if (!token) return;
    event.detail.headers["X-CSRFToken"] = token;
    if (event.detail.parameters.csrfmiddlewaretoken !== undefined) {
      event.detail.parameters.csrfmiddlewaretoken = token;
    }
  });
})();
