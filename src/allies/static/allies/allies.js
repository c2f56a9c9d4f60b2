/* Allies' site script: what assistive technology needs beyond the server's HTML (docs/accessibility.md).
   Everything here is progressive enhancement; pages work without it.

   - Tables scroll sideways inside their own region, labelled and reachable by keyboard (WCAG 1.4.10).
   - After a failed submit, focus moves to the error summary (page load or htmx swap), GOV.UK style.
   - After an action that comes back to the same page, focus returns to the row or control acted on
     (or the next row when it left), and the confirmation is read from a live region that was in the
     page before the message was put in it (WCAG 2.4.3, 4.1.3).
   - Live panels ([data-morph]) are updated in place, so what has focus stays (WCAG 2.1.1).
   - What a participant types is kept in sessionStorage until it is saved ([data-keep-drafts]).
   - A paste longer than a field's maxlength, which the browser cuts without a word, is said under
     the field and read out (the body's data-paste-cut gives the sentence, translated).
*/
(function () {
  "use strict";

  var RETURN_KEY = "allies:return-focus";
  var DRAFT_PREFIX = "allies:draft:";
  var regionCount = 0;

  /* Live region: present from the first paint, filled after a pause so that it is announced. */
  function announcer() {
    return document.getElementById("announcer");
  }

  function announce(text) {
    var region = announcer();
    if (!region || !text) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text.trim().replace(/\s+/g, " "); }, 150);
  }

  /* Tables: each inside a focusable region named by its caption or the heading before it. */
  function nearestHeading(element) {
    var node = element;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) { return sibling; }
        var inner = sibling.querySelectorAll ? sibling.querySelectorAll("h1, h2, h3, h4, h5, h6") : [];
        if (inner.length) { return inner[inner.length - 1]; }
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.querySelector("h1");
  }

  function labelFor(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption; }
    var named = table.closest("[aria-labelledby]");
    if (named && named.tagName !== "TABLE") {
      var byId = document.getElementById(named.getAttribute("aria-labelledby").split(" ")[0]);
      if (byId) { return byId; }
    }
    return nearestHeading(table);
  }

  function regionForTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var wrap = table.parentElement;
      if (!wrap.classList.contains("table-wrap")) {
        wrap = document.createElement("div");
        wrap.className = "table-wrap";
        table.parentNode.insertBefore(wrap, table);
        wrap.appendChild(table);
      }
      if (wrap.getAttribute("role") === "region") { return; }
      wrap.setAttribute("role", "region");
      wrap.tabIndex = 0;
      if (table.getAttribute("aria-label")) {
        wrap.setAttribute("aria-label", table.getAttribute("aria-label"));
        return;
      }
      var label = labelFor(table);
      if (label) {
        if (!label.id) { regionCount += 1; label.id = "table-label-" + regionCount; }
        wrap.setAttribute("aria-labelledby", label.id);
      } else {
        wrap.setAttribute("aria-label", document.title.split(" · ")[0]);
      }
    });
  }

  /* Error summary: focused when it arrives. */
  function focusErrorSummary(root) {
    var summary = root.querySelector ? root.querySelector(".error-summary") : null;
    if (!summary && root.classList && root.classList.contains("error-summary")) { summary = root; }
    if (!summary) { return false; }
    if (!summary.hasAttribute("tabindex")) { summary.tabIndex = -1; }
    summary.focus();
    return true;
  }

  /* Returning focus: remember what was acted on when a form is sent, find it on the next page. */
  function rowOf(element) {
    return element.closest("[data-focus-row], tr[id], li[id], article[id]");
  }

  function describe(control) {
    var row = rowOf(control);
    var next = row ? row.nextElementSibling : null;
    while (next && !next.id) { next = next.nextElementSibling; }
    var previous = row ? row.previousElementSibling : null;
    while (previous && !previous.id) { previous = previous.previousElementSibling; }
    return {
      path: window.location.pathname,
      row: row && row.id ? row.id : null,
      next: next ? next.id : null,
      previous: previous ? previous.id : null,
      control: control.id || null,
      text: (control.textContent || control.value || "").trim(),
      name: control.name || null,
      value: control.value || null,
    };
  }

  function remember(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) { return; }
    if ((form.method || "get").toLowerCase() !== "post") { return; }
    var control = event.submitter || form.querySelector("[type=submit]") || form;
    try {
      window.sessionStorage.setItem(RETURN_KEY, JSON.stringify(describe(control)));
    } catch (e) { /* storage full or off: focus simply starts at the top */ }
  }

  function focusable(element) {
    if (!element) { return null; }
    if (element.matches("a[href], button, input, select, textarea, [tabindex]")) { return element; }
    element.tabIndex = -1;
    element.classList.add("is-focus-target");
    return element;
  }

  function sameControl(row, memo) {
    if (!row) { return null; }
    var candidates = row.querySelectorAll("button, input[type=submit], a[href]");
    for (var i = 0; i < candidates.length; i += 1) {
      var c = candidates[i];
      if (memo.name && c.name === memo.name && c.value === memo.value && !c.disabled) { return c; }
      if ((c.textContent || c.value || "").trim() === memo.text && !c.disabled) { return c; }
    }
    return null;
  }

  function returnFocus() {
    var memo;
    try {
      memo = JSON.parse(window.sessionStorage.getItem(RETURN_KEY) || "null");
      window.sessionStorage.removeItem(RETURN_KEY);
    } catch (e) { memo = null; }
    if (!memo || memo.path !== window.location.pathname) { return false; }
    var row = memo.row ? document.getElementById(memo.row) : null;
    var target = sameControl(row, memo) || row;
    if (!target && memo.control) { target = document.getElementById(memo.control); }
    if (!target && memo.next) { target = document.getElementById(memo.next); }
    if (!target && memo.previous) { target = document.getElementById(memo.previous); }
    if (!target) {
      // The confirmation: focused once announceMessages has put it back (an empty region is not
      // displayed, and an element that stops being displayed loses focus).
      var messages = document.getElementById("messages");
      return Boolean(messages && messages.children.length) && "messages";
    }
    focusable(target).focus();
    return true;
  }

  /* Confirmations: the messages region is in the page from the start; what the server put in it is
     taken out and put back once the page has loaded, so that screen readers read it. */
  function announceMessages(focusThem) {
    var region = document.getElementById("messages");
    if (!region || !region.children.length) { return; }
    var messages = Array.prototype.slice.call(region.children);
    messages.forEach(function (message) { region.removeChild(message); });
    window.setTimeout(function () {
      messages.forEach(function (message) { region.appendChild(message); });
      if (focusThem && (document.activeElement === document.body || !document.activeElement)) {
        focusable(region).focus();
      }
    }, 100);
  }

  /* Live panels: morph the new HTML into the old, keeping elements (and focus) where they are. */
  function sameKind(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName
      && (a.nodeType !== 1 || (a.id || "") === (b.id || ""));
  }

  function morphAttributes(from, to) {
    var i;
    for (i = from.attributes.length - 1; i >= 0; i -= 1) {
      var name = from.attributes[i].name;
      if (!to.hasAttribute(name)) { from.removeAttribute(name); }
    }
    for (i = 0; i < to.attributes.length; i += 1) {
      var attribute = to.attributes[i];
      if (from.getAttribute(attribute.name) !== attribute.value) {
        from.setAttribute(attribute.name, attribute.value);
      }
    }
  }

  function morphChildren(from, to) {
    var oldChildren = Array.prototype.slice.call(from.childNodes);
    var newChildren = Array.prototype.slice.call(to.childNodes);
    var i;
    for (i = 0; i < newChildren.length; i += 1) {
      var fresh = newChildren[i];
      var old = oldChildren[i];
      if (!old) {
        from.appendChild(fresh.cloneNode(true));
      } else if (!sameKind(old, fresh)) {
        from.replaceChild(fresh.cloneNode(true), old);
      } else if (old.nodeType === 3 || old.nodeType === 8) {
        if (old.nodeValue !== fresh.nodeValue) { old.nodeValue = fresh.nodeValue; }
      } else if (old.nodeType === 1) {
        if (old.matches("input, textarea, select") && old === document.activeElement) { continue; }
        morphAttributes(old, fresh);
        // A countdown's text belongs to workshop.js, which redraws it every second from its attributes.
        if (!old.hasAttribute("data-ends-at")) { morphChildren(old, fresh); }
      }
    }
    for (i = oldChildren.length - 1; i >= newChildren.length; i -= 1) {
      from.removeChild(oldChildren[i]);
    }
  }

  function morph(target, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var before = target.querySelector("[data-announce]");
    var beforeText = before ? before.getAttribute("data-announce") : null;
    morphChildren(target, template.content);
    var after = target.querySelector("[data-announce]");
    var afterText = after ? after.getAttribute("data-announce") : null;
    if (afterText && afterText !== beforeText) { announce(afterText); }
    if (window.htmx) { window.htmx.process(target); }
    regionForTables(target);
  }

  /* Drafts: what a participant typed survives the page reloading for the next part. */
  function draftKey(form, field) {
    return DRAFT_PREFIX + (form.getAttribute("action") || window.location.pathname) + "#" + field.name;
  }

  // A draft is kept with the form's data-draft-version (which the server changes whenever an answer
  // is saved, with or without htmx): one typed before the last save is not put back.
  function keepDrafts(root) {
    root.querySelectorAll("[data-keep-drafts] form").forEach(function (form) {
      var version = form.getAttribute("data-draft-version") || "";
      form.querySelectorAll("textarea, input[type=text]").forEach(function (field) {
        if (!field.name) { return; }
        var key = draftKey(form, field);
        var saved = null;
        try { saved = JSON.parse(window.sessionStorage.getItem(key)); } catch (e) { saved = null; }
        if (!saved || typeof saved.text !== "string") { return; }
        if (saved.version !== version) {
          window.sessionStorage.removeItem(key);
        } else if (saved.text && !field.value) {
          field.value = saved.text;
        }
      });
    });
  }

  function saveDraft(event) {
    var field = event.target;
    var form = field.form;
    if (!form || !form.closest("[data-keep-drafts]") || !field.name) { return; }
    if (!field.matches("textarea, input[type=text]")) { return; }
    try {
      if (field.value) {
        window.sessionStorage.setItem(draftKey(form, field), JSON.stringify({
          version: form.getAttribute("data-draft-version") || "", text: field.value
        }));
      } else {
        window.sessionStorage.removeItem(draftKey(form, field));
      }
    } catch (e) { /* storage full or off */ }
  }

  function forgetDrafts(action) {
    var prefix = DRAFT_PREFIX + action + "#";
    for (var i = window.sessionStorage.length - 1; i >= 0; i -= 1) {
      var key = window.sessionStorage.key(i);
      if (key && key.indexOf(prefix) === 0) { window.sessionStorage.removeItem(key); }
    }
  }

  /* htmx: after a swap, focus the errors or the replaced part, and say what happened. */
  function afterSwap(event) {
    var target = event.detail.target;
    if (target && !target.isConnected) {
      // An outerHTML swap: the new element carries the old one's id.
      target = target.id ? document.getElementById(target.id) : null;
    }
    var request = event.detail.requestConfig || {};
    var verb = (request.verb || "").toLowerCase();
    var trigger = request.elt || event.detail.elt;
    if (!target) { return; }
    regionForTables(target);
    if (verb !== "post") { return; }
    if (focusErrorSummary(target)) { return; }
    var form = trigger && trigger.closest ? trigger.closest("form") : null;
    if (form && form.getAttribute("action")) { forgetDrafts(form.getAttribute("action")); }
    var status = target.querySelector("[role=status]");
    var said = form ? form.getAttribute("data-saved") : null;
    if (status || said) { announce(status ? status.textContent : said); }
    // What had focus went with the old HTML: go on from the same form (ready for another entry).
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      var focusTarget = target.querySelector("[data-focus-after-swap]")
        || target.querySelector("form textarea, form input:not([type=hidden]), form select")
        || target;
      focusable(focusTarget).focus();
    }
  }

  // A saved answer's drafts go as soon as the save succeeded, whether or not its answer is then
  // swapped in (afterSwap forgets them too; a page loaded later drops them by their version).
  function afterRequest(event) {
    var request = event.detail.requestConfig || {};
    var xhr = event.detail.xhr;
    if ((request.verb || "").toLowerCase() !== "post" || !xhr || xhr.status < 200 || xhr.status > 299) {
      return;
    }
    // The form may have left the page already (a live refresh swapped its part while the save was
    // on its way), so it is not asked where it stands: drafts are kept by the form's address only.
    var trigger = request.elt || event.detail.elt;
    var form = trigger && trigger.closest ? trigger.closest("form") : null;
    if (form && form.getAttribute("action") && !/class="error-summary/.test(xhr.responseText || "")) {
      forgetDrafts(form.getAttribute("action"));
    }
  }

  function beforeSwap(event) {
    var target = event.detail.target;
    if (target && target.hasAttribute("data-morph") && event.detail.xhr.status === 200) {
      event.detail.shouldSwap = false;
      morph(target, event.detail.serverResponse);
    }
  }

  /* A paste the field's maxlength cuts: the browser keeps the start and drops the rest silently. */
  function pasteCut(event) {
    var field = event.target;
    var isText = field instanceof HTMLTextAreaElement
      || (field instanceof HTMLInputElement && /^(text|search|url|tel|email|)$/.test(field.type));
    if (!isText || !(field.maxLength > 0) || !event.clipboardData) { return; }
    // A field with its own word for its limit (a workshop activity's, data-limit-message) says
    // it, for a paste as for typing: one note, read out once.
    if (field.hasAttribute("data-limit-message")) { return; }
    var pasted = event.clipboardData.getData("text").replace(/\r\n/g, "\n");
    var selected = 0;
    try { selected = field.selectionEnd - field.selectionStart; } catch (error) { selected = 0; }
    if (field.value.length - selected + pasted.length <= field.maxLength) { return; }
    var template = document.body.getAttribute("data-paste-cut");
    if (!template) { return; }
    var limit = field.maxLength.toLocaleString(document.documentElement.lang || undefined);
    var text = template.replace("%(limit)s", limit);
    var note = field.id ? document.getElementById(field.id + "-cut") : null;
    if (!note) {
      note = document.createElement("p");
      note.className = "field-error";
      if (field.id) {
        note.id = field.id + "-cut";
        var described = (field.getAttribute("aria-describedby") || "").split(" ");
        if (described.indexOf(note.id) < 0) {
          field.setAttribute("aria-describedby", described.concat([note.id]).join(" ").trim());
        }
      }
      field.insertAdjacentElement("afterend", note);
    }
    note.textContent = text;
    announce(text);
  }

  /* Once the field holds less than its limit again, what was said of the cut paste goes. */
  function pasteCutSeen(event) {
    var field = event.target;
    var note = field && field.id ? document.getElementById(field.id + "-cut") : null;
    if (!note || field.value.length >= field.maxLength) { return; }
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== note.id;
    });
    if (described.length) {
      field.setAttribute("aria-describedby", described.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
    note.remove();
  }

  function start() {
    regionForTables(document);
    keepDrafts(document);
    var onError = focusErrorSummary(document.querySelector("main") || document);
    var returned = onError ? false : returnFocus();
    announceMessages(returned === "messages");
    document.addEventListener("submit", remember, true);
    document.addEventListener("input", saveDraft);
    document.addEventListener("paste", pasteCut);
    document.addEventListener("input", pasteCutSeen);
    document.body.addEventListener("htmx:beforeSwap", beforeSwap);
    document.body.addEventListener("htmx:afterSwap", afterSwap);
    document.body.addEventListener("htmx:afterRequest", afterRequest);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
