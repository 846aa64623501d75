/* Small behaviours of the pages, attached by data attributes: the Content-Security-Policy forbids
   inline scripts and event handlers (registry/security_headers.py), so they live here. */
(function () {
  "use strict";

  // <input data-select-all>: a click selects the whole value, ready to copy (the calendar address).
  document.querySelectorAll("[data-select-all]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
  });

  // <form data-busy-on-submit>: one click starts one job; show the form's "running" note meanwhile.
  document.querySelectorAll("form[data-busy-on-submit]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button");
      var note = form.querySelector(".import-running");
      if (button) { button.disabled = true; }
      if (note) { note.hidden = false; }
    });
  });

  // <details data-fold-narrow open>: open on a wide screen, folded on a phone so the results come first.
  if (window.matchMedia("(max-width: 860px)").matches) {
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) { details.open = false; });
  }
}());
