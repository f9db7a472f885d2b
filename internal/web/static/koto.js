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
  // A confirmation after a save: set its text again once the page has
  // settled, so the live region announces it.
  var flash = document.getElementById("flash");
  if (flash) {
    var text = flash.innerHTML;
    flash.innerHTML = "";
    setTimeout(function () { flash.innerHTML = text; }, 150);
  }
  sessionWarning();
});

// sessionWarning warns before the idle timeout ends the session and offers
// to stay signed in (ADR 18). The page says how many seconds the session
// lasts without activity; every tab of the browser shares the newest
// deadline through localStorage, so staying signed in in one tab moves the
// warning in all of them. The server decides: this only warns.
function sessionWarning() {
  var meta = document.querySelector('meta[name="koto-session"]');
  var box = document.getElementById("session-warning");
  var stay = document.getElementById("session-stay");
  var text = document.getElementById("session-warning-text");
  if (!meta || !box || !stay || !text) { return; }
  var key = "koto.session.deadline";
  var idle = Number(meta.getAttribute("data-idle")) || 1800;
  var warnBefore = Math.min(120, Math.floor(idle / 3)) * 1000;
  var deadline = Date.now() + Number(meta.content) * 1000;
  var before = null; // the element that had focus before the warning
  var expired = false;
  function share(d) {
    deadline = d;
    try { localStorage.setItem(key, String(d)); } catch (e) { /* private mode: this tab only */ }
  }
  function shared() {
    try {
      var v = Number(localStorage.getItem(key));
      if (v) { return v; }
    } catch (e) { /* this tab's own */ }
    return deadline;
  }
  function show() {
    if (!box.hidden) { return; }
    before = document.activeElement;
    box.hidden = false;
    stay.focus();
  }
  function hide() {
    if (box.hidden) { return; }
    box.hidden = true;
    if (before && before.focus && document.contains(before)) { before.focus(); }
  }
  var warning = text.textContent;
  function check() {
    var left = shared() - Date.now();
    if (left <= 0) {
      if (expired) { return; }
      expired = true;
      text.textContent = text.getAttribute("data-expired");
      stay.hidden = true;
      show();
      box.focus();
      return;
    }
    if (expired) { // another tab kept the session alive after all
      expired = false;
      text.textContent = warning;
      stay.hidden = false;
    }
    if (left <= warnBefore) {
      show();
    } else {
      hide();
    }
  }
  box.setAttribute("tabindex", "-1");
  share(deadline);
  window.addEventListener("storage", function (e) { if (e.key === key) { check(); } });
  stay.addEventListener("click", function () {
    fetch("/session/keepalive", { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        var type = res.headers.get("Content-Type") || "";
        if (!res.ok || type.indexOf("application/json") !== 0) { throw new Error("session ended"); }
        return res.json();
      })
      .then(function (body) { share(Date.now() + body.left * 1000); check(); })
      .catch(function () { share(Date.now() - 1); check(); });
  });
  setInterval(check, 1000);
  check();
}
