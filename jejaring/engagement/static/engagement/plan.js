// Plan-a-contact page: reload the suggested routes when the stakeholder changes (htmx), and
// let "Go through …" fill the intermediary field. Without JS the "Suggest" button reloads the
// page with the same result.
(function () {
  var form = document.querySelector("form.form");
  if (!form) return;
  var actor = form.querySelector("#id_actor");
  var via = form.querySelector("#id_via");
  var who = form.querySelector("#id_who_goes");
  if (who) who.setAttribute("list", "facilitators");
  if (actor && window.htmx) {
    actor.addEventListener("change", function () {
      var url = form.dataset.routes + "?actor=" + encodeURIComponent(actor.value);
      window.htmx.ajax("GET", url, { target: "#routes", swap: "outerHTML" }).then(function () {
        var hint = document.getElementById("routes-hint");
        if (hint) hint.remove();
      });
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-via]");
    if (button && via) {
      via.value = button.dataset.useVia;
      via.focus();
    }
  });
})();
