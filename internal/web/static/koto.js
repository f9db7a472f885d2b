// Koto: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Show the interpreter language only when an interpreter is needed.
  var need = document.getElementById("f-interpreterNeeded");
  var lang = document.getElementById("f-interpreterLanguage-wrap");
  if (need && lang) {
    var sync = function () { lang.hidden = !need.checked && !lang.classList.contains("has-error"); };
    need.addEventListener("change", sync);
    sync();
  }
  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary && summary.hasAttribute("tabindex")) { summary.focus(); }
});
