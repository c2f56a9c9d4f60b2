// The main menu on a phone: one "Menu" button that opens the list, instead of three rows of links.
// Without this script (or on a wide screen) the list is always open, as the page sends it. The
// contact log's filters fold the same way, unless a filter is in use (data-keep-open).
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 40rem)");
  function fit() {
    document.querySelectorAll("details[data-compact-menu]").forEach(function (menu) {
      menu.open = !narrow.matches || menu.hasAttribute("data-keep-open");
    });
  }
  document.addEventListener("DOMContentLoaded", fit);
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  }
})();
