import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => { koto = await startKoto(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await koto?.stop(); });

async function newPage() {
  const context = await browser.newContext({ locale: 'fi-FI' });
  return context.newPage();
}

test('caseworker registers, finds and opens a client; supervisor sees the access log', async () => {
  const page = await newPage();
  await page.goto(koto.url + '/login');
  await assertAccessible(page, 'login');
  await login(page, koto.url, 'e2e.ohjaaja');
  await assertAccessible(page, 'start page');

  // A form with errors keeps what was typed and is accessible.
  await page.goto(koto.url + '/clients/new');
  await assertAccessible(page, 'new client form');
  await page.fill('input[name="hetu"]', '010190-9001');
  await page.fill('input[name="firstNames"]', 'Amina');
  await page.click('main form button[type="submit"]');
  assert.equal(await page.inputValue('input[name="firstNames"]'), 'Amina');
  assert.ok(await page.locator('[role="alert"]').count() > 0, 'error summary shown');
  await assertAccessible(page, 'new client form with errors');

  const hetu = testHETU(15, 3, 90, 913);
  await page.fill('input[name="hetu"]', hetu);
  await page.fill('input[name="lastName"]', 'Hassan-Yusuf');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();
  assert.match(await page.textContent('main'), /Hassan-Yusuf/);
  // The card masks the HETU; Show reveals it for this view (a logged use).
  assert.equal(await page.textContent('#hetu-value'), hetu.slice(0, 7) + '****');
  await Promise.all([page.waitForLoadState(), page.click('#hetu-row button')]);
  assert.match(await page.textContent('main'), new RegExp(hetu));
  await assertAccessible(page, 'client card');

  // Find by name (typo-tolerant) and by HETU; neither puts personal data in the URL.
  for (const [by, q] of [['name', 'hasan-yusuf'], ['hetu', hetu]]) {
    await page.goto(koto.url + '/clients');
    await page.locator(`[name="by"]`).first().evaluate((el, v) => {
      if (el.tagName === 'SELECT') { el.value = v; } else { document.querySelector(`input[name="by"][value="${v}"]`).checked = true; }
    }, by);
    await page.fill('input[name="q"]', q);
    await page.locator('form[action="/clients/search"] button[type="submit"]').click();
    await page.waitForLoadState();
    assert.ok(!page.url().includes(q), 'search term must not be in the URL');
    const link = page.locator('main a', { hasText: 'Hassan-Yusuf' }).first();
    assert.equal(await link.count(), 1, `search by ${by} found the client`);
    if (by === 'name') await assertAccessible(page, 'search results');
  }
  await page.locator('main a', { hasText: 'Hassan-Yusuf' }).first().click();
  await page.waitForURL(cardURL);

  const sup = await newPage();
  await login(sup, koto.url, 'e2e.esihenkilo');
  await sup.goto(cardURL + '/access-log');
  const log = await sup.textContent('main');
  assert.match(log, /e2e\.ohjaaja/);
  await assertAccessible(sup, 'access log');
});

test('a name containing <script> renders inert', async () => {
  const page = await newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="birthDate"]', '1988-08-08');
  await page.fill('input[name="firstNames"]', '<script>window.__xss=1</script>');
  await page.fill('input[name="lastName"]', '<img src=x onerror="window.__xss=2">');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.match(await page.textContent('main'), /<script>window.__xss=1<\/script>/);
  await page.goto(koto.url + '/clients');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test("another municipality's caseworker gets 404 for the client", async () => {
  const page = await newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="birthDate"]', '1975-05-05');
  await page.fill('input[name="firstNames"]', 'Olena');
  await page.fill('input[name="lastName"]', 'Kovalenko');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();

  const other = await newPage();
  await login(other, koto.url, 'e2e.loimaa');
  const res = await other.goto(cardURL);
  assert.equal(res.status(), 404);
  assert.doesNotMatch(await other.textContent('body'), /Kovalenko/);
});
