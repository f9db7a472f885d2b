// Consents in Finnish: a caseworker records a client's consent from the
// client card, withdraws it after confirming, and sees both — given and
// withdrawn — on the consents page, by name, never by code. axe finds
// nothing on any of these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('a consent is given and withdrawn, and both show on the page', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(4, 4, 86, 952));
  await page.fill('input[name="firstNames"]', 'Samira');
  await page.fill('input[name="lastName"]', 'Suostuva');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const consentsURL = page.url() + '/consents';

  await Promise.all([page.waitForURL(consentsURL), page.click('a[href$="/consents"]')]);
  assert.match(await page.textContent('h1'), /Suostumukset/);
  assert.match(await page.textContent('main'), /Asiakkaalle ei ole kirjattu suostumuksia/);
  await assertAccessible(page, 'empty consents page');

  // A disclosure to a named party without the party comes back with the
  // error at its field.
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  await page.selectOption('select[name="type"]', 'disclosure-named-party');
  await page.fill('input[name="given"]', today);
  await page.selectOption('select[name="channel"]', 'paper');
  await page.click('main form[method="post"] button[type="submit"]');
  assert.equal(await page.locator('#error-summary').count(), 1, 'error summary shown');
  await assertAccessible(page, 'consent form with errors');

  await page.selectOption('select[name="type"]', 'after-integration-period');
  await page.fill('input[name="given"]', today);
  await page.selectOption('select[name="channel"]', 'in-person');
  await Promise.all([page.waitForURL(consentsURL), page.click('main form[method="post"] button[type="submit"]')]);
  const item = page.locator('article.note', { hasText: 'Käsittely kotoutumisajan jälkeen' });
  let text = await item.textContent();
  assert.match(text, /voimassa/);
  assert.match(text, /Henkilökohtaisesti/);
  assert.doesNotMatch(text, /after-integration-period|in-person/);
  await assertAccessible(page, 'consents page with a consent');

  // Withdraw it: a confirmation first, then the list shows it withdrawn
  // with the original kept.
  await Promise.all([page.waitForURL(/\/withdraw$/), item.locator('a[href$="/withdraw"]').click()]);
  assert.match(await page.textContent('main'), /Peruutus tulee voimaan heti/);
  assert.equal(await page.inputValue('input[name="date"]'), today);
  await assertAccessible(page, 'withdrawal confirmation');
  await page.selectOption('select[name="channel"]', 'phone');
  await Promise.all([page.waitForURL(/\/consents#consent-/), page.click('main form button[type="submit"]')]);
  text = await page.locator('article.note', { hasText: 'Käsittely kotoutumisajan jälkeen' }).textContent();
  assert.match(text, /peruutettu/);
  assert.match(text, /Annettu/);
  assert.match(text, /Henkilökohtaisesti/, 'how it was given is kept');
  assert.match(text, /Puhelimitse/, 'how it was withdrawn is shown');
  assert.equal(await page.locator('a[href$="/withdraw"]').count(), 0, 'no second withdrawal');
  await assertAccessible(page, 'consents page with a withdrawn consent');
  await context.close();
});
