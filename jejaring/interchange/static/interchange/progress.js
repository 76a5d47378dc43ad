// Progress of an upload or import: while the form's POST is running, ask the server how far
// the work has got and show it. Without JavaScript the form still works, just without this.
(function () {
  "use strict";
  function watch(form) {
    var url = form.getAttribute("data-progress-url");
    var token = form.getAttribute("data-progress-token");
    var box = form.querySelector(".import-progress");
    if (!url || !token || !box) { return; }
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-label");
    var percent = box.querySelector(".progress-percent");
    form.addEventListener("submit", function () {
      box.hidden = false;
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
      function poll() {
        fetch(url + "?token=" + encodeURIComponent(token), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (data && data.label) {
              label.textContent = data.label;
              bar.value = data.percent;
              percent.textContent = data.total > 1 ? data.percent + "%" : "";
            }
          })
          .catch(function () { /* the page is being replaced by the result */ })
          .finally(function () { setTimeout(poll, 600); });
      }
      setTimeout(poll, 300);
    });
  }
  document.querySelectorAll("form[data-progress-url]").forEach(watch);
})();
