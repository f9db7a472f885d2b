// WebAuthn ceremonies of Koto (security keys, platform authenticators):
// adding a key on /account/totp ([data-webauthn="register"]) and using one
// as the second factor on /login/totp ([data-webauthn="login"]). The server
// gives the options as JSON with base64url strings for binary fields and
// takes the authenticator's answer the same way. No inline script: CSP.
(function () {
  'use strict';

  function toBuf(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toB64u(buf) {
    var bytes = new Uint8Array(buf), s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // post sends JSON to a same-origin endpoint and returns the JSON answer;
  // a failure throws an Error carrying the server's message and redirect.
  async function post(url, body) {
    var res = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body || {})
    });
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok || !data) {
      var err = new Error((data && data.error) || '');
      err.redirect = data && data.redirect;
      throw err;
    }
    return data;
  }

  function creationOptions(o) {
    var pk = o.publicKey;
    pk.challenge = toBuf(pk.challenge);
    pk.user.id = toBuf(pk.user.id);
    (pk.excludeCredentials || []).forEach(function (c) { c.id = toBuf(c.id); });
    return { publicKey: pk };
  }

  function requestOptions(o) {
    var pk = o.publicKey;
    pk.challenge = toBuf(pk.challenge);
    (pk.allowCredentials || []).forEach(function (c) { c.id = toBuf(c.id); });
    return { publicKey: pk };
  }

  function credentialJSON(c) {
    var r = c.response;
    var out = {
      id: c.id, rawId: toB64u(c.rawId), type: c.type,
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64u(r.clientDataJSON) }
    };
    if (c.authenticatorAttachment) out.authenticatorAttachment = c.authenticatorAttachment;
    if (r.attestationObject) {
      out.response.attestationObject = toB64u(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    }
    if (r.authenticatorData) {
      out.response.authenticatorData = toB64u(r.authenticatorData);
      out.response.signature = toB64u(r.signature);
      if (r.userHandle) out.response.userHandle = toB64u(r.userHandle);
    }
    return out;
  }

  function showError(scope, el, message) {
    var box = scope.querySelector('[data-webauthn-error]');
    if (!box) return;
    box.textContent = message || el.getAttribute('data-error') || '';
    box.hidden = false;
  }

  function clearError(scope) {
    var box = scope.querySelector('[data-webauthn-error]');
    if (box) { box.textContent = ''; box.hidden = true; }
  }

  function failed(scope, el, err) {
    if (err && err.redirect) { window.location.assign(err.redirect); return; }
    // A cancelled or timed-out browser dialog (NotAllowedError) and other
    // DOMExceptions get the generic message.
    showError(scope, el, err && err.name === 'Error' ? err.message : '');
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials && window.fetch);
  }

  function setupRegister(form) {
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      clearError(form);
      if (!supported()) { showError(form, form, form.getAttribute('data-unsupported')); return; }
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        var opts = await post('/account/webauthn/begin');
        var cred = await navigator.credentials.create(creationOptions(opts));
        var nameInput = form.querySelector('input[name="name"]');
        var done = await post('/account/webauthn/finish', {
          name: nameInput ? nameInput.value : '', credential: credentialJSON(cred)
        });
        window.location.assign(done.redirect || '/account/totp');
      } catch (err) {
        failed(form, form, err);
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  function setupLogin(button) {
    var scope = button.parentElement || document;
    button.addEventListener('click', async function () {
      clearError(scope);
      if (!supported()) { showError(scope, button, button.getAttribute('data-unsupported')); return; }
      button.disabled = true;
      try {
        var opts = await post('/login/webauthn/begin');
        var cred = await navigator.credentials.get(requestOptions(opts));
        var done = await post('/login/webauthn/finish', {
          next: button.getAttribute('data-next') || '', credential: credentialJSON(cred)
        });
        window.location.assign(done.redirect || '/');
      } catch (err) {
        failed(scope, button, err);
      } finally {
        button.disabled = false;
      }
    });
  }

  function init() {
    document.querySelectorAll('form[data-webauthn="register"]').forEach(setupRegister);
    document.querySelectorAll('button[data-webauthn="login"]').forEach(setupLogin);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
