// The main menu's groups: one open at a time; a click elsewhere or Escape closes it (works without it too).
(function () {
  "use strict";
  function groups() { return document.querySelectorAll("details.nav-group"); }
  function closeAll(except) {
    groups().forEach(function (d) { if (d !== except) { d.open = false; } });
  }
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d instanceof HTMLDetailsElement && d.classList.contains("nav-group") && d.open) { closeAll(d); }
  }, true);
  document.addEventListener("click", function (e) {
    if (!(e.target instanceof Element) || !e.target.closest("details.nav-group")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { closeAll(null); }
  });
})();
