/* Follow a background import: poll its status JSON, move the progress bar, reload when it ends.
   The page itself (templates/io/job.html) holds every text; this script only copies the JSON's. */
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");

  function setText(selector, value) {
    var element = box.querySelector(selector);
    if (element) { element.textContent = value === null || value === undefined ? "" : value; }
  }

  function show(job) {
    var bar = box.querySelector("progress");
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    box.setAttribute("data-state", job.state);
    setText(".import-percent", job.percent + "%");
    setText(".import-files", job.progress_text);
    setText(".import-message", job.message);
    setText(".import-current", job.current);
    Object.keys(job.counts).forEach(function (name) {
      setText('[data-count="' + name + '"]', job.counts[name]);
    });
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (job) {
        show(job);
        // Let the full bar be seen, then load the page again: the server renders the report.
        if (job.finished) { window.setTimeout(function () { window.location.reload(); }, 600); }
        else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(function () { window.location.reload(); }, 3000); });
  }

  window.setTimeout(poll, 300);
}());
