// Rich-text editor for plan sections. Progressive enhancement: without this file the textarea
// is edited directly (as HTML) and the form posts normally. With it, the textarea is hidden and
// mirrored by a contenteditable area with a small toolbar; every change is posted by htmx
// (debounced through the form's hx-trigger) and the server sanitises what it stores.
(function () {
  "use strict";

  // The token from its cookie first, as app.js sends it with htmx: signing in again in another
  // tab gives a new one, and the page's copy would make a paste or an upload fail.
  function csrfToken() {
    var current = window.finsamCsrfCookie && window.finsamCsrfCookie();
    if (current) return current;
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // A same-origin form POST with Django's CSRF header, answered in JSON.
  function postJSON(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    });
  }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "richtext__button";
    // The visible glyph is hidden from assistive technology; the full name is read instead.
    var glyph = document.createElement("span");
    glyph.setAttribute("aria-hidden", "true");
    glyph.textContent = label;
    var name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = title;
    b.appendChild(glyph);
    if (label !== title) b.appendChild(name);
    else glyph.removeAttribute("aria-hidden");
    b.title = title;
    b.dataset.action = action;
    return b;
  }

  function closestIn(node, tag, root) {
    while (node && node !== root) {
      if (node.nodeType === 1 && node.tagName === tag) return node;
      node = node.parentNode;
    }
    return null;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/"/g, "&quot;");
  }

  function setup(wrapper) {
    var textarea = wrapper.querySelector("textarea");
    var form = textarea.form;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var strings = JSON.parse(wrapper.dataset.strings || "{}");
    var t = function (key, fallback) { return strings[key] || fallback; };

    var toolbar = document.createElement("div");
    toolbar.className = "richtext__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", t("toolbar", "Textformat"));
    toolbar.setAttribute("aria-controls", textarea.id + "-editor");
    [
      ["H2", t("h2", "Rubrik"), "h2"],
      ["H3", t("h3", "Underrubrik"), "h3"],
      ["P", t("p", "Brödtext"), "p"],
      ["B", t("bold", "Fetstil"), "bold"],
      ["I", t("italic", "Kursiv"), "italic"],
      ["•", t("ul", "Punktlista"), "ul"],
      ["1.", t("ol", "Numrerad lista"), "ol"],
      [t("link", "Länk"), t("link", "Länk"), "link"],
      [t("table", "Tabell"), t("table", "Tabell"), "table"],
      ["+ " + t("rowShort", "rad"), t("row", "Ny tabellrad"), "row"],
      [t("image", "Bild"), t("image", "Bild"), "image"],
    ].forEach(function (def) { toolbar.appendChild(button(def[0], def[1], def[2])); });

    var editor = document.createElement("div");
    editor.id = textarea.id + "-editor";
    editor.className = "richtext__editor prose";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) label.id = textarea.id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () { editor.focus(); });
    }
    // The editor stands in for the hidden textarea: its help, and its errors when the page
    // came back refused (static/js/app.js keeps them in step after an autosave).
    var help = document.getElementById(textarea.id + "_helptext");
    var described = textarea.getAttribute("aria-describedby") || (help ? help.id : "");
    if (described) editor.setAttribute("aria-describedby", described);
    if (textarea.getAttribute("aria-invalid") === "true") editor.setAttribute("aria-invalid", "true");
    editor.dataset.errorsOf = textarea.id;
    editor.innerHTML = textarea.value;
    // Enter makes a new paragraph (<p>), not the browser's default <div>, which the sanitiser
    // unwraps to loose text that reads as no paragraph at all in the tagged PDF.
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* old browser: divs stay */ }

    textarea.hidden = true;
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;
    wrapper.appendChild(toolbar);
    wrapper.appendChild(editor);
    wrapper.classList.add("richtext--active");

    function changed() {
      textarea.value = editor.innerHTML;
      form.dispatchEvent(new CustomEvent("richtext-change", { bubbles: true }));
    }
    editor.addEventListener("input", changed);
    form.addEventListener("submit", function () { textarea.value = editor.innerHTML; });
    form.addEventListener("htmx:configRequest", function () { textarea.value = editor.innerHTML; });

    var savedRange = null;
    function saveSelection() {
      var sel = window.getSelection();
      if (sel.rangeCount && editor.contains(sel.anchorNode)) savedRange = sel.getRangeAt(0);
    }
    function restoreSelection() {
      editor.focus();
      if (savedRange) {
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(savedRange);
      }
    }
    editor.addEventListener("keyup", saveSelection);
    editor.addEventListener("mouseup", saveSelection);
    editor.addEventListener("blur", saveSelection);

    function insertHtml(html) {
      restoreSelection();
      document.execCommand("insertHTML", false, html);
      changed();
    }

    // Pasted HTML (Word, Google Docs, LibreOffice) goes in as the server's sanitiser cleans it:
    // Chromium's own paste drops Word's list markup (mso-list styles), so Word's lists would
    // arrive as paragraphs starting with "·" or "1.", and Google Docs' paste as all bold. One
    // cleaner on the server serves the editor, the form without JavaScript and the imports.
    // Plain text pastes as the browser does it; if the server cannot be reached, the plain
    // text of the clipboard goes in (the save would not reach it either).
    // The live region exists (empty) before it is written to, so screen readers announce it.
    var notice = document.createElement("div");
    notice.className = "field-errors";
    notice.setAttribute("role", "status");
    wrapper.appendChild(notice);
    function showNotice(message) { notice.textContent = message; }
    editor.addEventListener("paste", function (e) {
      var data = e.clipboardData;
      var pasted = data ? data.getData("text/html") : "";
      if (!pasted || !wrapper.dataset.pasteUrl) return;
      e.preventDefault();
      var text = data.getData("text/plain");
      saveSelection();
      var body = new FormData();
      body.append("html", pasted);
      postJSON(wrapper.dataset.pasteUrl, body)
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (answer) {
          showNotice(answer.message || "");
          if (answer.html) insertHtml(answer.html);
        })
        .catch(function () {
          restoreSelection();
          document.execCommand("insertText", false, text);
          changed();
        });
    });

    // Arrow keys move between toolbar buttons (one tab stop for the toolbar).
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    buttons.forEach(function (b, i) { b.tabIndex = i === 0 ? 0 : -1; });
    toolbar.addEventListener("keydown", function (e) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      var next = null;
      if (e.key === "ArrowRight") next = buttons[(i + 1) % buttons.length];
      if (e.key === "ArrowLeft") next = buttons[(i - 1 + buttons.length) % buttons.length];
      if (e.key === "Home") next = buttons[0];
      if (e.key === "End") next = buttons[buttons.length - 1];
      if (next) {
        e.preventDefault();
        buttons[i].tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    });
    toolbar.addEventListener("mousedown", function (e) { e.preventDefault(); });

    toolbar.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var action = b.dataset.action;
      restoreSelection();
      document.execCommand("styleWithCSS", false, false);
      if (action === "h2" || action === "h3" || action === "p") {
        document.execCommand("formatBlock", false, action.toUpperCase());
      } else if (action === "bold" || action === "italic") {
        document.execCommand(action);
      } else if (action === "ul") {
        document.execCommand("insertUnorderedList");
      } else if (action === "ol") {
        document.execCommand("insertOrderedList");
      } else if (action === "link") {
        var url = (window.prompt(t("linkPrompt", "Adress (https://… eller mailto:…)"), "https://") || "").trim();
        // Only web and e-mail addresses, and not the bare "https://" the prompt starts with.
        if (/^(https?:|mailto:)/i.test(url) && !/^(https?:\/*|mailto:)$/i.test(url)) {
          restoreSelection();
          if (window.getSelection().isCollapsed) {
            // Nothing selected: createLink would do nothing at all; the address becomes the text.
            document.execCommand("insertHTML", false, '<a href="' + escapeHtml(url) + '">' + escapeHtml(url) + "</a>");
          } else {
            document.execCommand("createLink", false, url);
          }
        }
      } else if (action === "table") {
        var h = escapeHtml(t("column", "Kolumn"));
        insertHtml(
          "<table><thead><tr><th scope=\"col\">" + h + " 1</th><th scope=\"col\">" + h +
          " 2</th></tr></thead><tbody><tr><td>&nbsp;</td><td>&nbsp;</td></tr></tbody></table><p><br></p>"
        );
        return;
      } else if (action === "row") {
        var sel = window.getSelection();
        var tr = sel.rangeCount ? closestIn(sel.anchorNode, "TR", editor) : null;
        if (tr) {
          var copy = tr.cloneNode(true);
          Array.prototype.forEach.call(copy.children, function (cell) {
            var td = document.createElement("td");
            td.innerHTML = "&nbsp;";
            copy.replaceChild(td, cell);
          });
          var body = closestIn(tr, "TBODY", editor) || closestIn(tr, "TABLE", editor).querySelector("tbody");
          if (tr.parentNode.tagName === "THEAD") body.insertBefore(copy, body.firstChild);
          else tr.parentNode.insertBefore(copy, tr.nextSibling);
        }
      } else if (action === "image") {
        openImageDialog();
        return;
      }
      changed();
    });

    // Picture upload: a native dialog asking for the file and the (required) alt text.
    var dialog = null;
    function openImageDialog() {
      saveSelection();
      if (!dialog) {
        dialog = document.createElement("dialog");
        dialog.className = "richtext__dialog";
        dialog.setAttribute("aria-labelledby", textarea.id + "-dialog-title");
        dialog.innerHTML =
          '<form method="dialog"><h2 id="' + textarea.id + '-dialog-title">' + escapeHtml(t("imageTitle", "Lägg till bild")) + "</h2>" +
          '<div class="field"><label for="' + textarea.id + '-img">' + escapeHtml(t("imageFile", "Bildfil (PNG, JPEG, GIF, WebP, högst 2 MB)")) + "</label>" +
          '<input type="file" id="' + textarea.id + '-img" accept="image/png,image/jpeg,image/gif,image/webp" required></div>' +
          '<div class="field"><label for="' + textarea.id + '-alt">' + escapeHtml(t("imageAlt", "Alternativtext (krävs)")) + "</label>" +
          '<input type="text" id="' + textarea.id + '-alt" maxlength="300" required></div>' +
          '<p class="field-errors" role="alert"></p>' +
          '<div class="actions"><button type="submit" class="button button--primary" value="upload">' + escapeHtml(t("imageInsert", "Ladda upp och infoga")) + "</button>" +
          '<button type="button" class="button" value="cancel">' + escapeHtml(t("cancel", "Avbryt")) + "</button></div></form>";
        document.body.appendChild(dialog);
        dialog.querySelector('button[value="cancel"]').addEventListener("click", function () { dialog.close(); });
        dialog.querySelector("form").addEventListener("submit", function (e) {
          e.preventDefault();
          e.stopPropagation();
          var file = dialog.querySelector('input[type="file"]').files[0];
          var alt = dialog.querySelector('input[type="text"]').value.trim();
          var error = dialog.querySelector(".field-errors");
          if (!file || !alt) {
            error.textContent = t("imageRequired", "Välj en bild och skriv en alternativtext.");
            return;
          }
          var data = new FormData();
          data.append("image", file);
          data.append("alt", alt);
          postJSON(wrapper.dataset.imageUrl, data)
            .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
            .then(function (res) {
              if (!res[0]) { error.textContent = res[1].error || "Fel"; return; }
              dialog.close();
              insertHtml('<img src="' + escapeHtml(res[1].url) + '" alt="' + escapeHtml(res[1].alt) + '">');
            })
            .catch(function () { error.textContent = t("imageFailed", "Bilden kunde inte laddas upp."); });
        });
      }
      dialog.querySelector(".field-errors").textContent = "";
      dialog.showModal();
    }
  }

  function init(root) {
    (root || document).querySelectorAll("[data-richtext]").forEach(function (w) {
      if (!w.classList.contains("richtext--active")) setup(w);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
})();
