// Progressive enhancement for every page; everything works without it.
// The header's menus are <details> elements: this closes an open one when
// the user clicks elsewhere or presses Escape (focus returns to its button),
// as people expect of a menu.
(function () {
  "use strict";
  function menus() {
    return document.querySelectorAll(".site-header details[open]");
  }
  function closeMenus(except) {
    menus().forEach(function (d) {
      // On wide screens the main menu is always shown by CSS; leave it be.
      if (d !== except && !d.contains(except)) {
        d.open = false;
      }
    });
  }
  document.addEventListener("click", function (e) {
    var inside = e.target.closest ? e.target.closest(".site-header details") : null;
    closeMenus(inside);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") {
      return;
    }
    var open = menus();
    if (open.length === 0) {
      return;
    }
    var last = open[open.length - 1];
    last.open = false;
    var s = last.querySelector("summary");
    if (s && s.offsetParent !== null) {
      s.focus();
    }
  });
})();
