// The privacy notice and the access report: /privacy is public and
// renders in Finnish, Swedish and English without a login, with the
// recipients, data categories and retention Koto uses; a data-protection
// officer opens a client's access report from the client's access log.
// axe finds nothing on any of these pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto({ args: ['--privacy-controller', 'Kemin kaupunki, Valtakatu 26, 94100 Kemi', '--privacy-dpo', 'tietosuoja@kemi.example.fi'] });
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.tietosuoja', '--role', 'dpo', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('the privacy notice renders in fi, sv and en without a login', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await page.goto(koto.url + '/login');
  await Promise.all([page.waitForURL(/\/privacy$/), page.click('footer a[href="/privacy"]')]);
  assert.match(await page.textContent('h1'), /Tietosuojaseloste/);
  const cases = [
    ['fi', /Tietosuojaseloste/, [/Kemin kaupunki/, /tietosuoja@kemi\.example\.fi/, /palveluntuottajat/, /30 vuotta/, /12 vuotta/, /EU:n tai ETA:n ulkopuolelle/]],
    ['sv', /Dataskyddsbeskrivning/, [/tjänsteproducenter/, /30 år/, /12 år/, /utanför EU eller EES/]],
    ['en', /Privacy notice/, [/service providers/, /30 years/, /12 years/, /outside the EU or EEA/, /health, work-ability/]],
  ];
  for (const [lang, title, texts] of cases) {
    await page.goto(koto.url + '/privacy?lang=' + lang);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.match(await page.textContent('h1'), title);
    const main = await page.textContent('main');
    for (const t of texts) assert.match(main, t, `${lang}: ${t}`);
    assert.doesNotMatch(main, /privacy\.[a-z]/, `${lang}: no raw catalog keys`);
    await assertAccessible(page, `privacy notice (${lang})`);
  }
  await context.close();
});

test("a DPO opens a client's access report", async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(5, 5, 85, 953));
  await page.fill('input[name="firstNames"]', 'Rami');
  await page.fill('input[name="lastName"]', 'Raportoitava');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const clientURL = page.url();
  await context.close();

  const dpoContext = await browser.newContext({ locale: 'fi-FI' });
  const dpo = await dpoContext.newPage();
  await dpo.goto(koto.url + '/login');
  await dpo.fill('input[name="username"]', 'e2e.tietosuoja');
  await dpo.fill('input[name="password"]', PASSWORD);
  await Promise.all([dpo.waitForURL((u) => !u.pathname.startsWith('/login')), dpo.click('form[action="/login"] button[type="submit"]')]);
  await dpo.goto(clientURL + '/access-log');
  await Promise.all([dpo.waitForURL(/\/export$/), dpo.click('a[href$="/export"]')]);
  assert.match(await dpo.textContent('h1'), /Rekisteröidyn tiedot/);
  const main = await dpo.textContent('main');
  assert.match(main, /Raportoitava/);
  assert.match(main, /Käyttöloki/);
  const log = await dpo.textContent('section[aria-labelledby="s-accessLog"]');
  assert.match(log, /Asiakkaan luonti/);
  assert.match(log, /Kemi/);
  assert.doesNotMatch(log, /e2e\.ohjaaja/, 'no staff names in the access log');
  await assertAccessible(dpo, 'access report');
  await dpoContext.close();
});
