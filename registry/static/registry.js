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

  // <form data-confirm="question">: ask before a step that cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // <button data-copy="text" data-copied="Copied">: one click copies the text (an article's citation or
  // permalink). Where the clipboard is not offered (plain http), the text appears selected in the
  // neighbouring .copy-fallback field, ready for Ctrl+C.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var label = button.textContent;
    function fallback() {
      var field = button.parentNode.querySelector(".copy-fallback");
      if (!field) { return; }
      field.value = button.dataset.copy;
      field.hidden = false;
      field.focus();
      field.select();
    }
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) { fallback(); return; }
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, fallback);
    });
  });

  // <div data-shown-when="kind=merge">: shown only while the form's field `kind` has that value
  // ("merge into" means nothing for a revision or a repeal). Without scripts it stays visible.
  document.querySelectorAll("[data-shown-when]").forEach(function (block) {
    var rule = block.dataset.shownWhen.split("="), form = block.closest("form");
    var control = form && form.querySelector("[name='" + rule[0] + "']");
    if (!control) { return; }
    function update() { block.hidden = control.value !== rule[1]; }
    control.addEventListener("change", update);
    update();
  });

  // <details data-fold-narrow open>: open on a wide screen, folded on a phone so the results come first.
  if (window.matchMedia("(max-width: 860px)").matches) {
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) { details.open = false; });
  }

  // A table or chart wider than its box scrolls sideways in it (registry.css): such a box takes the
  // keyboard focus, so that it can be scrolled without a mouse (WCAG 2.1.1; axe scrollable-region-focusable).
  function focusableWhenScrolling() {
    document.querySelectorAll(".table-scroll, table.list, table.compare, .chart-box").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  focusableWhenScrolling();
  window.addEventListener("resize", focusableWhenScrolling);
}());
