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

  // A table wider than its box scrolls inside its .table-wrap: make that
  // region reachable and named for keyboard and screen reader users (WCAG
  // 2.1.1). Templates may already mark it up; this covers the rest.
  function markScrollers() {
    document.querySelectorAll(".table-wrap").forEach(function (w) {
      var scrolls = w.scrollWidth > w.clientWidth + 1;
      if (scrolls && !w.hasAttribute("tabindex")) {
        w.setAttribute("tabindex", "0");
        w.setAttribute("role", "region");
        if (!w.hasAttribute("aria-label") && !w.hasAttribute("aria-labelledby")) {
          var c = w.querySelector("caption");
          w.setAttribute("aria-label", c ? c.textContent.trim() : document.title);
        }
        w.dataset.marked = "1";
      } else if (!scrolls && w.dataset.marked === "1") {
        w.removeAttribute("tabindex");
        w.removeAttribute("role");
        w.removeAttribute("aria-label");
        delete w.dataset.marked;
      }
    });
  }
  // After a failed submit the error summary takes the focus, so the next
  // Tab reaches the first error. autofocus does this without JavaScript for
  // web.ErrorSummary; this covers the summaries written by hand, and pages
  // where the browser skipped autofocus.
  function focusErrors() {
    var s = document.querySelector(".error-summary[tabindex]");
    if (s && (document.activeElement === document.body || document.activeElement === null)) {
      s.focus();
    }
  }
  function ready() {
    markScrollers();
    focusErrors();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("resize", markScrollers);

  // An error summary's link to a group of radio buttons or checkboxes
  // points at its fieldset; focus the group's first input instead.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest(".error-summary a[href^='#']") : null;
    if (!a) {
      return;
    }
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (target && target.tagName === "FIELDSET") {
      var input = target.querySelector("input, select, textarea");
      if (input) {
        e.preventDefault();
        target.scrollIntoView();
        input.focus();
      }
    }
  });

  // A form marked data-autosubmit (the dashboard's period) applies a choice
  // at once; its button stays for use without JavaScript.
  document.addEventListener("change", function (e) {
    var f = e.target.form;
    if (f && f.hasAttribute("data-autosubmit") && e.target.tagName === "SELECT") {
      f.requestSubmit ? f.requestSubmit() : f.submit();
    }
  });
})();
