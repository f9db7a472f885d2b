// Koto code pickers (templates/codes.html): a filter before every select
// over a code list. Typing narrows the options to the names that begin with
// what was typed, or have a word that does, in Finnish, Swedish or English
// (the option's data-s), or whose code it is; the first match is chosen.
// Without this file the select works as it is. Texts come from the page
// (data-code-filter, data-matches): nothing to translate here.
"use strict";
(function () {
  function fold(s) {
    return s.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function matches(option, q) {
    if (fold(option.value) === q) { return true; }
    var names = fold(option.getAttribute("data-s") || option.text);
    if (names.indexOf(q) === 0) { return true; }
    return names.split(/[\s|()\-,]+/).some(function (w) { return w.indexOf(q) === 0; });
  }

  function enhance(select) {
    var options = Array.prototype.slice.call(select.options);
    var empty = options.length && options[0].value === "" ? options[0] : null;
    var id = select.id + "-filter";
    var box = document.createElement("div");
    box.className = "code-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = select.getAttribute("data-code-filter");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("aria-describedby", id + "-status");
    var status = document.createElement("p");
    status.id = id + "-status";
    status.className = "hint code-filter-status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);

    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      var current = select.value;
      var shown = options.filter(function (o) { return o !== empty && (q === "" || matches(o, q)); });
      var keep = shown.slice();
      if (q !== "" && shown.length === 0 && current !== "") {
        keep = options.filter(function (o) { return o.value === current; });
      }
      select.replaceChildren.apply(select, (empty ? [empty] : []).concat(keep));
      if (q !== "" && shown.length > 0 && shown.every(function (o) { return o.value !== current; })) {
        select.value = shown[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      } else {
        select.value = current;
      }
      status.textContent = q === "" ? "" : select.getAttribute("data-matches").replace("%v", String(shown.length));
    });
    // Enter chooses, it does not send the form.
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        select.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-code-filter]").forEach(enhance);
  });
})();
