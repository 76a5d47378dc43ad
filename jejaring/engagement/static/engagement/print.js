// Dashboard helpers. Buttons marked data-print open the browser's print dialog (the page prints
// without them too); "show all" links unfold folded rows (without JS the link's #anchor does).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
    return;
  }
  var more = event.target.closest("[data-show]");
  if (more) {
    var target = document.getElementById(more.dataset.show);
    if (target) {
      event.preventDefault();
      target.classList.add("shown");
      more.remove();
    }
  }
});
