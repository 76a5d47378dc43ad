// Quick tie entry: choosing a tie type fills in its usual form of dependency (when empty) and
// shows the dependency attributes only for dependency ties. The page works without this file.
(function () {
  "use strict";
  var data = document.getElementById("tie-type-defaults");
  var form = document.getElementById("quick-tie");
  if (!data || !form) return;
  var defaults = JSON.parse(data.textContent);
  var type = form.querySelector("[name=type]");
  var dependencyForm = form.querySelector("[name=form]");
  function apply() {
    var spec = defaults[type.value];
    form.classList.toggle("is-dependency", !!(spec && spec.dependency));
    if (spec && spec.form && dependencyForm && !dependencyForm.value) {
      dependencyForm.value = spec.form;
    }
  }
  type.addEventListener("change", apply);
  apply();
})();
