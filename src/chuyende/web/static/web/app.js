// Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("click", function (event) {
  var back = event.target.closest("[data-history-back]");
  if (back) {
    event.preventDefault();
    history.back();
  }
  // The CSP forbids inline onclick handlers, so printing a sheet is asked for by an attribute.
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});

// A focusable element with role="button" (a paragraph that opens its comment form) answers
// Enter and Space as a button does, by clicking itself. htmx trigger filters such as
// keydown[key=='Enter'] cannot do this: htmx compiles them with Function(), which the
// Content-Security-Policy refuses, and htmx then drops the filter and fires on every key (Tab too).
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (!(target instanceof Element) || !target.matches('[role="button"]:not(button):not(a)')) return;
  if (event.key !== "Enter" && event.key !== " ") return;
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  event.preventDefault();
  target.click();
});

// A person ticked in a list of search results moves to the list of those already chosen, so the
// next search (which replaces the results) does not drop them: <div data-move-checked-to="picked">.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.checked) return;
  var results = box.closest("[data-move-checked-to]");
  var chosen = results && document.getElementById(results.getAttribute("data-move-checked-to"));
  var label = box.closest("label");
  if (chosen && label) chosen.appendChild(label);
});
