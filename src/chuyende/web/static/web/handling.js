// Keyboard shortcuts of the comment-handling queue (j/k, a, r, Enter). A static file, not an
// inline script: the Content-Security-Policy allows scripts from this site only.
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var current = 0;
  function select(i) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (el, n) { el.classList.toggle("selected", n === current); });
    items[current].scrollIntoView({block: "nearest"});
  }
  function decide(value) {
    var item = items[current];
    item.querySelector("select[name=decision]").value = value;
    item.querySelector("textarea[name=explanation]").focus();
  }
  document.addEventListener("keydown", function (event) {
    var typing = /^(TEXTAREA|INPUT|SELECT)$/.test(event.target.tagName);
    if (typing) {
      if (event.key === "Enter" && !event.shiftKey && event.target.tagName === "TEXTAREA") {
        event.preventDefault(); event.target.form.requestSubmit();
      } else if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    if (event.key === "j") select(current + 1);
    else if (event.key === "k") select(current - 1);
    else if (event.key === "a") { event.preventDefault(); decide("accepted"); }
    else if (event.key === "r") { event.preventDefault(); decide("rejected"); }
  });
  select(0);
})();
