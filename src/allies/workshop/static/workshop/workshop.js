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
    // a participant is typing stays put while the part lasts.
    var busy = false;
    setInterval(function () {
      if (busy) { return; }
      busy = true;
      fetch(room.dataset.nowUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (now) {
          if (now && now.state !== room.dataset.state) { window.location.reload(); }
        })
        .catch(function () {})
        .then(function () { busy = false; });
    }, 2500);
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    total();
    document.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches(".workshop-minutes")) { total(); }
    });
    var room = document.querySelector("[data-now-url]");
    if (room) { follow(room); }
  });
})();
