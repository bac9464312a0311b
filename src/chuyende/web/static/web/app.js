// Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("click", function (event) {
  var back = event.target.closest("[data-history-back]");
  if (back) {
    event.preventDefault();
    history.back();
  }
});
