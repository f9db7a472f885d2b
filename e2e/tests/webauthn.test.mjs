// WebAuthn in the browser with Chromium's virtual authenticator (CDP): a
// caseworker (second factor required) enrols a security key instead of
// TOTP, logs out, and logs in again with password + key. The pages are
// checked with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, assertAccessible, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => { koto = await startKoto({ mfaRequired: true, webauthn: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await koto?.stop(); });

async function passwordLogin(page, urlPattern) {
  await page.goto(koto.url + '/login');
  await page.fill('input[name="username"]', 'e2e.ohjaaja');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(urlPattern), page.click('form[action="/login"] button[type="submit"]')]);
}

test('caseworker enrols a security key, then logs in with password and key', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });

  await passwordLogin(page, /\/account\/totp$/);
  await assertAccessible(page, 'second-factor enrolment with security keys');
  await page.fill('#webauthn-register input[name="name"]', 'Testiavain');
  await Promise.all([page.waitForURL(/\/account\/totp\?done=webauthn_added$/), page.click('#webauthn-register button[type="submit"]')]);
  assert.match(await page.textContent('.webauthn-keys'), /Testiavain/);
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  // The key counts as the second factor: the rest of the UI is open.
  await page.goto(koto.url + '/clients');
  assert.match(page.url(), /\/clients$/);

  await page.click('nav form[action="/logout"] button');
  await passwordLogin(page, /\/login\/totp/);
  await assertAccessible(page, 'second factor with a security key');
  assert.equal(await page.locator('input[name="code"]').count(), 0, 'no TOTP form for a user without TOTP');
  await Promise.all([page.waitForURL(/\/(clients|me)$/), page.click('#webauthn-login')]);

  // A key that is not registered is refused with a message.
  await page.click('nav form[action="/logout"] button');
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  await passwordLogin(page, /\/login\/totp/);
  await page.click('#webauthn-login');
  await page.waitForSelector('[data-webauthn-error]:not([hidden])', { timeout: 15000 });
  assert.match(page.url(), /\/login\/totp/);
  await context.close();
});
