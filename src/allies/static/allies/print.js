// "Print" buttons (data-print): the page's own print dialog. A static file, not an inline onclick,
// so that the Content-Security-Policy can refuse every inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
