// Suggest villages of the official Kemendagri list while the area code field is typed in.
// Without JavaScript the field simply takes a code.
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("id_area_code");
  var list = document.getElementById("area-options");
  if (!input || !list || !script) return;
  input.setAttribute("list", "area-options");
  var timer = null;
  input.addEventListener("input", function () {
    var q = input.value.trim();
    if (timer) clearTimeout(timer);
    if (q.length < 3 || /^[0-9.]+$/.test(q)) return;
    timer = setTimeout(function () {
      fetch(script.dataset.url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (area) {
            var option = document.createElement("option");
            option.value = area.code;
            option.label = area.path;
            list.appendChild(option);
          });
        })
        .catch(function () { /* offline lookups are local; ignore a failed request */ });
    }, 250);
  });
})();
