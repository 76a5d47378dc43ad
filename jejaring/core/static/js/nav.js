// On a phone the village menu scrolls sideways: bring the current section into view.
(function () {
  var current = document.querySelector(".village-nav a.active");
  if (current && current.scrollIntoView) {
    current.scrollIntoView({ block: "nearest", inline: "center" });
  }
})();
