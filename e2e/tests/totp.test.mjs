// Second factor in the browser: a caseworker (second factor required)
// must enrol TOTP before anything else, reads the secret from the page,
// confirms with a code computed here (RFC 6238 with node:crypto), logs out
// and in again with password + code. Both pages are checked with axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startKoto, launchBrowser, assertAccessible, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => { koto = await startKoto({ mfaRequired: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await koto?.stop(); });

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

function totp(key, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', key).update(msg).digest();
  const off = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 1000 / 30);

async function passwordLogin(page, urlPattern) {
  await page.goto(koto.url + '/login');
  await page.fill('input[name="username"]', 'e2e.ohjaaja');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(urlPattern), page.click('form[action="/login"] button[type="submit"]')]);
}

test('caseworker enrols TOTP, then logs in with password and code', async () => {
  const page = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await passwordLogin(page, /\/account\/totp$/);
  // Nothing else opens before enrolment.
  await page.goto(koto.url + '/clients');
  assert.match(page.url(), /\/account\/totp$/);
  await assertAccessible(page, 'TOTP enrolment');

  const key = base32Decode(await page.textContent('#totp-secret'));
  assert.equal(key.length, 20);
  assert.match(await page.textContent('#totp-uri'), /^otpauth:\/\/totp\/Koto:e2e\.ohjaaja\?/);
  const enrolStep = currentStep();
  await page.fill('input[name="code"]', totp(key, enrolStep));
  await Promise.all([page.waitForLoadState(), page.click('form[action="/account/totp"] button[type="submit"]')]);
  assert.equal(await page.locator('#recovery-codes li').count(), 10, 'ten recovery codes shown once');
  await assertAccessible(page, 'recovery codes');
  await page.goto(koto.url + '/clients');
  assert.match(page.url(), /\/clients$/);

  await Promise.all([page.waitForURL(/\/login/), page.click('form[action="/logout"] button')]);

  await passwordLogin(page, /\/login\/totp/);
  await assertAccessible(page, 'second-factor code page');
  // The enrolment code was used: a new step's code is needed (replay refused).
  await page.fill('input[name="code"]', totp(key, enrolStep));
  await Promise.all([page.waitForLoadState(), page.click('form[action="/login/totp"] button[type="submit"]')]);
  if (currentStep() === enrolStep) {
    assert.ok(await page.locator('[role="alert"]').count() > 0, 'replayed code refused');
    await assertAccessible(page, 'second-factor code page with an error');
  }
  if (!/\/(clients|me)$/.test(page.url())) {
    await page.fill('input[name="code"]', totp(key, Math.max(currentStep(), enrolStep + 1)));
    await Promise.all([page.waitForURL(/\/(clients|me)$/), page.click('form[action="/login/totp"] button[type="submit"]')]);
  }
  assert.match(await page.textContent('header'), /e2e\.ohjaaja/);
});
