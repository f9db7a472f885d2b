// The permit form: hide the fields that do not apply to the chosen outcome,
// kind and ground, and the classes and grounds the kind never leads to.
// The form works without this script; the server decides what is valid.
(function () {
  "use strict";
  var form = document.querySelector("form.permit-form");
  if (!form) { return; }
  var allowed = (form.getAttribute("data-allowed") || "").split(" ").map(function (s) { return s.split("/"); });
  function el(name) { return form.elements.namedItem(name); }
  function show(name, on) {
    var control = el(name);
    var wrap = document.getElementById("f-" + name + "-wrap");
    if (!control || !wrap) { return; }
    wrap.hidden = !on;
    control.disabled = !on; // a hidden field is not sent
  }
  function filter(select, ok) {
    for (var i = 0; i < select.options.length; i++) {
      var o = select.options[i];
      var on = o.value === "" || ok(o.value);
      o.hidden = !on;
      o.disabled = !on;
    }
    if (select.selectedOptions.length && select.selectedOptions[0].disabled) { select.value = ""; }
  }
  function update() {
    var outcome = el("outcome").value, kind = el("kind").value;
    var granted = outcome === "granted";
    show("decisionDate", outcome !== "pending");
    show("class", granted);
    show("validFrom", granted);
    show("validTo", granted);
    if (kind) {
      filter(el("class"), function (c) { return allowed.some(function (a) { return a[0] === kind && a[1] === c; }); });
      var cls = granted ? el("class").value : "";
      filter(el("ground"), function (g) {
        return allowed.some(function (a) { return a[0] === kind && (!cls || a[1] === cls) && a[2] === g; });
      });
    }
    show("familyTieBeforeArrival", el("ground").value === "family");
  }
  form.addEventListener("change", update);
  update();
})();
