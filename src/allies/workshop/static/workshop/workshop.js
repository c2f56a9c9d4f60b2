/* Workshop pages: the part's countdown, the agenda total, and participants following the trainer. */
(function () {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    document.querySelectorAll("[data-ends-at]").forEach(function (timer) {
      var left = Math.round((Date.parse(timer.dataset.endsAt) - Date.now()) / 1000);
      var over = left < 0;
      var secs = Math.abs(left);
      var text = Math.floor(secs / 60) + ":" + two(secs % 60);
      var label = (over ? timer.dataset.over : timer.dataset.left).replace("{time}", text);
      var span = timer.querySelector(".workshop-timer__text");
      if (span && span.textContent !== label) { span.textContent = label; }
      timer.classList.toggle("workshop-timer--over", over);
    });
  }

  function total() {
    var output = document.getElementById("workshop-total");
    if (!output) { return; }
    var sum = 0;
    document.querySelectorAll(output.dataset.totalOf).forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (n > 0) { sum += n; }
    });
    output.textContent = sum;
  }

  function follow(room) {
    // Ask every few seconds which part the trainer is on; reload only when it changed, so what
    // a participant is typing stays put while the part lasts. A session that no longer exists
    // reloads once, into the page that says so, and the asking stops.
    var busy = false;
    setInterval(function () {
      if (busy) { return; }
      busy = true;
      fetch(room.dataset.nowUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) {
          if (response.status === 404) { window.location.reload(); }
          return response.ok ? response.json() : null;
        })
        .then(function (now) {
          if (now && now.state !== room.dataset.state) { window.location.reload(); }
        })
        .catch(function () {})
        .then(function () { busy = false; });
    }, 2500);
  }

  // A paste longer than a field's limit is cut by the browser without a word: say so, politely,
  // under the field (the limit itself is in the field's hint before anyone types).
  function limitReached(field) {
    var max = field.maxLength;
    if (!(max > 0) || !field.dataset.limitMessage) { return; }
    var id = field.id + "-limit";
    var note = document.getElementById(id);
    var full = field.value.length >= max;
    if (full && !note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "field-limit";
      note.setAttribute("role", "status");
      note.textContent = field.dataset.limitMessage;
      field.insertAdjacentElement("afterend", note);
      var described = (field.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(id) < 0) {
        field.setAttribute("aria-describedby", described.concat([id]).join(" ").trim());
      }
    } else if (!full && note) {
      note.remove();
    }
  }

  // On a phone an activity's error summary can sit above the part of the page in view: move focus
  // to it (which scrolls it into view and has it read out) after a save that was refused.
  function focusErrors(root) {
    var summary = (root || document).querySelector(".activity .error-summary, .activity-form .error-summary");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail && event.detail.elt;
    if (swapped && swapped.isConnected) { focusErrors(swapped.closest(".activity") || swapped); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors(document);
    tick();
    document.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches("[data-limit-message]")) {
        limitReached(event.target);
      }
    });
    setInterval(tick, 1000);
    total();
    document.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches(".workshop-minutes")) { total(); }
    });
    var room = document.querySelector("[data-now-url]");
    if (room) { follow(room); }
  });
})();
