// The data-protection officer's log workspace in Finnish: the officer
// finds a client (posted, so no name lands in a URL), opens the DPO's
// client page (identity, masked HETU, links), follows it to the
// organisation's access log filtered by that client, where the
// caseworker's views show by name, downloads the CSV, and opens the view
// of denied attempts after a user of another organisation was refused
// the client. A caseworker gets none of it. axe finds nothing on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.tsv', '--role', 'dpo', '--password-stdin'], PASSWORD + '\n');
});
after(async () => { await browser?.close(); await koto?.stop(); });

// loginOfficer logs the officer in; the officer has no client list, so
// the start page is another one than login's.
async function loginOfficer(page) {
  await page.goto(koto.url + '/login');
  await page.fill('input[name="username"]', 'e2e.tsv');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type="submit"]')]);
}

test('the officer finds a client, reads the organisation log by that client, downloads it and sees the denied attempts', async () => {
  // A caseworker registers and opens a client.
  const cw = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="hetu"]', testHETU(6, 6, 86, 957));
  await cw.fill('input[name="firstNames"]', 'Lotta');
  await cw.fill('input[name="lastName"]', 'Lokitettu');
  await Promise.all([cw.waitForURL(/\/clients\/[a-z2-7]{26}$/), cw.click('main form button[type="submit"]')]);
  const clientURL = cw.url();
  const clientID = clientURL.split('/').pop();
  await cw.goto(clientURL);

  // A caseworker of another organisation is refused the client.
  const other = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await login(other, koto.url, 'e2e.loimaa');
  const refused = await other.goto(clientURL);
  assert.equal(refused.status(), 404);

  // The officer finds the client by name.
  const context = await browser.newContext({ locale: 'fi-FI', acceptDownloads: true });
  const page = await context.newPage();
  await loginOfficer(page);
  await page.goto(koto.url + '/dpo/clients');
  assert.match(await page.textContent('h1'), /Etsi asiakas/);
  await assertAccessible(page, 'DPO finder');
  await page.fill('input[name="q"]', 'Lokitettu');
  await Promise.all([page.waitForURL(/\/dpo\/clients\/search$/), page.click('main form[action="/dpo/clients/search"] button[type="submit"]')]);
  assert.doesNotMatch(page.url(), /Lokitettu/);
  await assertAccessible(page, 'DPO search results');
  await Promise.all([page.waitForURL(new RegExp('/dpo/clients/' + clientID + '$')), page.click(`a[href="/dpo/clients/${clientID}"]`)]);

  // The DPO's client page: identity with the HETU masked, and the links.
  const main = await page.textContent('main');
  assert.match(main, /Lotta Lokitettu/);
  assert.match(main, /060686-\*\*\*\*/);
  assert.doesNotMatch(main, new RegExp(testHETU(6, 6, 86, 957)));
  assert.match(main, /Asiakkuus jatkuu/);
  for (const href of ['/access-log', '/disclosures', '/export', '/export.pdf', '/subject-requests', '/restriction', '/retention-hold']) {
    assert.equal(await page.locator(`a[href="/clients/${clientID}${href}"]`).count(), 1, href);
  }
  await assertAccessible(page, 'DPO client page');

  // The organisation's log filtered by the client shows the caseworker's views.
  await Promise.all([page.waitForURL(/\/access-log\?client=/), page.click(`a[href="/access-log?client=${clientID}"]`)]);
  assert.match(await page.textContent('h1'), /Organisaation käyttöloki/);
  assert.match(await page.textContent('main'), /Lotta Lokitettu/);
  const rows = page.locator('tbody tr', { hasText: 'e2e.ohjaaja' });
  assert.ok(await rows.count() >= 2, 'the caseworker\'s entries');
  const text = await page.textContent('tbody');
  assert.match(text, /Asiakkaan luonti/);
  assert.doesNotMatch(text, /client\.create|client\.overview/);
  await assertAccessible(page, 'organisation access log by client');

  // The CSV of the same filter, as a download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/access-log.csv"]')]);
  const csv = await fs.readFile(await download.path(), 'utf8');
  assert.match(csv, /Lotta Lokitettu/);
  assert.match(csv, /e2e\.ohjaaja/);
  assert.match(csv, /Asiakkaan luonti/);

  // The denied attempts, with the refusal by another organisation in words.
  await Promise.all([page.waitForURL(/result=denied/), page.click('a[href*="result=denied"]')]);
  assert.match(await page.textContent('h1'), /Estetyt käyttöyritykset/);
  const denied = await page.textContent('tbody');
  assert.match(denied, /e2e\.loimaa/);
  assert.match(denied, /toisen organisaation käyttäjän yritys/);
  assert.doesNotMatch(denied, /Asiakkaan luonti/);
  await assertAccessible(page, 'denied attempts');

  // The user's report of the caseworker.
  await page.goto(koto.url + '/access-log?user=e2e.ohjaaja');
  await Promise.all([page.waitForURL(/\/access-log\/users\//), page.locator('tbody tr a[href^="/access-log/users/"]').first().click()]);
  assert.match(await page.textContent('h1'), /Käyttäjän raportti/);
  assert.match(await page.textContent('main'), /Lotta Lokitettu/);
  await assertAccessible(page, 'user report');
});

test('a caseworker has no log workspace', async () => {
  const page = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  for (const p of ['/access-log', '/access-log?result=denied', '/dpo/clients', '/access-log.csv']) {
    const res = await page.goto(koto.url + p).catch(() => null);
    if (res) assert.equal(res.status(), 403, p);
  }
});
