/* Copy to clipboard, as progressive enhancement.
   A button <button type="button" data-copy-from="ELEMENT_ID" data-copied-label="Copied" hidden> is shown
   only when the browser can copy; it copies the element's value (a textarea) or its text. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  function copy(button) {
    var source = document.getElementById(button.dataset.copyFrom);
    if (!source) {
      return;
    }
    var text = "value" in source ? source.value : source.innerText;
    var label = button.textContent;
    navigator.clipboard.writeText(text.trim()).then(function () {
      button.textContent = button.dataset.copiedLabel || label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    });
  }
  function enhance() {
    document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
