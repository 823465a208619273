// Autosave for the intake questionnaire: while the employer types, the step
// is saved as a draft in the background, so closing the tab loses nothing.
// Without JavaScript the buttons of the form do the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var dirty = false;

  function save() {
    if (!dirty) { return; }
    dirty = false;
    var data = new URLSearchParams(new FormData(form));
    data.set("actie", "autosave");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (res) {
      if (!status) { return; }
      if (res.status === 204) {
        var t = new Date();
        var hh = String(t.getHours()).padStart(2, "0");
        var mm = String(t.getMinutes()).padStart(2, "0");
        status.textContent = status.getAttribute("data-saved").replace("%s", hh + ":" + mm);
      } else {
        status.textContent = status.getAttribute("data-failed");
      }
    }).catch(function () {
      if (status) { status.textContent = status.getAttribute("data-failed"); }
    });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // Leaving the page: send what is pending without waiting for an answer.
  window.addEventListener("pagehide", function () {
    if (!dirty || !navigator.sendBeacon) { return; }
    var data = new URLSearchParams(new FormData(form));
    data.set("actie", "autosave");
    navigator.sendBeacon(form.action, new Blob([data.toString()], { type: "application/x-www-form-urlencoded" }));
    dirty = false;
  });
  // A button press submits the form normally; no autosave should race it.
  form.addEventListener("submit", function () { clearTimeout(timer); dirty = false; });
}());
