// One gate for every use: the access log a supervisor reads shows searches
// that showed the client and another organisation's refused attempt; nobody
// reviews their own reason; a one-time password is changed before anything
// else opens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.esihenkilo2', '--role', 'supervisor', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function newPage() {
  const context = await browser.newContext({ locale: 'fi-FI' });
  return context.newPage();
}

test('the access log shows appearances in searches and other organisations\' attempts', async () => {
  const cw = await newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="hetu"]', testHETU(3, 5, 88, 933));
  await cw.fill('input[name="firstNames"]', 'Nasra');
  await cw.fill('input[name="lastName"]', 'Lokitettava');
  await Promise.all([cw.waitForURL(/\/clients\/[a-z2-7]{26}$/), cw.click('main form button[type="submit"]')]);
  const cardURL = cw.url();

  // A colleague's search shows the client.
  const sup = await newPage();
  await login(sup, koto.url, 'e2e.esihenkilo2');
  await sup.fill('input[name="q"]', 'Lokitettava');
  await Promise.all([sup.waitForURL(/\/clients\/search$/), sup.click('form[action="/clients/search"] button[type="submit"]')]);
  assert.match(await sup.textContent('main'), /Lokitettava/);

  // Another municipality's caseworker tries the card: 404 for them, an
  // attempt in Kemi's log of the client.
  const other = await newPage();
  await login(other, koto.url, 'e2e.loimaa');
  assert.equal((await other.goto(cardURL)).status(), 404);

  const reader = await newPage();
  await login(reader, koto.url, 'e2e.esihenkilo');
  await reader.goto(cardURL + '/access-log');
  const main = await reader.textContent('main');
  assert.match(main, /Asiakas näkyi vastauksessa/, 'the search that showed the client');
  assert.match(main, /e2e\.esihenkilo2/);
  assert.match(main, /Toisen organisaation käyttäjä: Loimaa/, 'the other organisation\'s attempt');
  await assertAccessible(reader, 'access log with appearances and attempts');
});

test('a supervisor\'s own reason waits for someone else', async () => {
  const cw = await newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="hetu"]', testHETU(4, 6, 87, 935));
  await cw.fill('input[name="firstNames"]', 'Omar');
  await cw.fill('input[name="lastName"]', 'Tarkastettava');
  await Promise.all([cw.waitForURL(/\/clients\/[a-z2-7]{26}$/), cw.click('main form button[type="submit"]')]);
  const id = cw.url().split('/').pop();

  // The supervisor opens the health data, which needs a relation: a reason.
  const sup = await newPage();
  await login(sup, koto.url, 'e2e.esihenkilo');
  const res = await sup.goto(`${koto.url}/clients/${id}/sensitive?purpose=assessment`);
  assert.equal(res.status(), 403);
  await sup.selectOption('select[name="reasonCode"]', 'supervisor_request');
  await sup.fill('textarea[name="text"]', 'lyhyt');
  await sup.click('main form button[type="submit"]');
  assert.match(await sup.textContent('#error-summary'), /Vähintään 20 merkkiä/);
  await sup.fill('textarea[name="text"]', 'Tarkistan toimintakyvyn arvion valituksen vuoksi');
  await Promise.all([sup.waitForURL(/\/sensitive\?purpose=assessment$/), sup.click('main form button[type="submit"]')]);

  await sup.goto(koto.url + '/review');
  const own = sup.locator('main tbody tr', { hasText: 'Tarkistan toimintakyvyn arvion' });
  assert.equal(await own.count(), 1);
  assert.match(await own.textContent(), /Oma – toinen tarkastaa/);
  assert.equal(await own.locator('button').count(), 0, 'no review button on one\'s own reason');
  await assertAccessible(sup, 'review queue with an own reason');

  const other = await newPage();
  await login(other, koto.url, 'e2e.esihenkilo2');
  await other.goto(koto.url + '/review');
  const row = other.locator('main tbody tr', { hasText: 'Tarkistan toimintakyvyn arvion' });
  await Promise.all([other.waitForURL(/\/review#review-status$/), row.locator('button').click()]);
  assert.equal(await other.locator('main tbody tr', { hasText: 'Tarkistan toimintakyvyn arvion' }).count(), 0);
});

test('a one-time password is changed before anything else', async () => {
  const out = koto.cli(['user', 'reset-password', '--username', 'e2e.ohjaaja']);
  const oneTime = out.trim().split('\n').pop().trim();
  const page = await newPage();
  await page.goto(koto.url + '/login');
  await page.fill('input[name="username"]', 'e2e.ohjaaja');
  await page.fill('input[name="password"]', oneTime);
  await Promise.all([page.waitForURL(/\/account\/password/), page.click('form[action="/login"] button[type="submit"]')]);
  await page.goto(koto.url + '/clients');
  assert.match(page.url(), /\/account\/password/, 'the list does not open before the change');
  await assertAccessible(page, 'forced password change');
  const fields = page.locator('form[action="/account/password"] input[type="password"]');
  await fields.nth(0).fill(oneTime);
  await fields.nth(1).fill(PASSWORD);
  await fields.nth(2).fill(PASSWORD);
  await page.click('form[action="/account/password"] button[type="submit"]');
  await page.goto(koto.url + '/clients');
  assert.match(page.url(), /\/clients$/);
});
