// Luovutus palveluntuottajalle: ohjaaja esikatselee ja kirjaa lähetteeltä
// 18 tiedon paketin; palveluntuottajan käyttäjä kirjautuu, näkee juuri sen
// paketin eikä mitään toisesta asiakkaasta, ja asiakkaan osoitteet
// vastaavat hänelle 404. axe on puhdas jokaisella sivulla.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['org', 'add', '--code', 'opisto', '--name', 'Kansanopisto Oy', '--kind', 'provider']);
  koto.cli(['org', 'add', '--code', 'toinen', '--name', 'Toinen Opisto Oy', '--kind', 'provider']);
  koto.cli(['user', 'add', '--org', 'opisto', '--username', 'e2e.tuottaja', '--role', 'provider', '--password-stdin'], PASSWORD + '\n');
  koto.cli(['user', 'add', '--org', 'toinen', '--username', 'e2e.tuottaja2', '--role', 'provider', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

// newClientWithReferral registers a client and sends a referral of it to
// Kansanopisto Oy; it returns the referrals page's URL.
async function newClientWithReferral(page, hetu, first, last) {
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', hetu);
  await page.fill('input[name="firstNames"]', first);
  await page.fill('input[name="lastName"]', last);
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('a:has-text("Lähetteet palveluihin")')]);
  await page.selectOption('#f-provider', { label: 'Kansanopisto Oy' });
  await page.selectOption('#f-service', { label: 'Kotoutumiskoulutus' });
  await page.fill('#f-date', '2026-03-01');
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('form[action$="/referrals"] button[type="submit"]')]);
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('button:has-text("Merkitse lähetetyksi")')]);
  return page.url();
}

test('paketti palveluntuottajalle: esikatselu, kirjaus, ja tuottaja näkee vain sen', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await newClientWithReferral(page, testHETU(5, 5, 85, 971), 'Toinen', 'Eiluovutettu');
  const referrals = await newClientWithReferral(page, testHETU(6, 6, 86, 972), 'Amina', 'Luovutettava');
  const clientURL = referrals.replace(/\/referrals$/, '');

  await Promise.all([page.waitForURL(/\/disclosure$/), page.click('a:has-text("Luovuta tiedot palveluntuottajalle")')]);
  const main = await page.textContent('main');
  assert.match(main, /Kansanopisto Oy/);
  assert.match(main, /Henkilötunnus/);
  assert.match(main, /ei tietoja/);
  assert.equal(await page.locator('.package-item-label').count(), 18);
  await assertAccessible(page, 'luovutuksen esikatselu');
  await page.fill('textarea[name="otherNecessary"]', 'Tarvitsee tulkin ensimmäiseen tapaamiseen.');
  await Promise.all([page.waitForURL(/\/disclosures\/[a-z2-7]{26}$/), page.click('button:has-text("Kirjaa luovutus")')]);
  const recorded = await page.textContent('main');
  assert.match(recorded, /Tarvitsee tulkin/);
  assert.match(recorded, /sha256:[0-9a-f]{64}/);
  await assertAccessible(page, 'kirjattu luovutus');
  await page.goto(clientURL + '/disclosures');
  assert.match(await page.textContent('main'), /Kansanopisto Oy/);
  await assertAccessible(page, 'luovutusloki');
  await context.close();

  // Palveluntuottajan käyttäjä.
  const pctx = await browser.newContext({ locale: 'fi-FI' });
  const p = await pctx.newPage();
  await p.goto(koto.url + '/login');
  await p.fill('input[name="username"]', 'e2e.tuottaja');
  await p.fill('input[name="password"]', PASSWORD);
  await Promise.all([p.waitForURL(/\/disclosures$/), p.click('form[action="/login"] button[type="submit"]')]);
  assert.match(await p.textContent('h1'), /Vastaanotetut tiedot/);
  const inbox = await p.textContent('main');
  assert.match(inbox, /Luovutettava, Amina/);
  assert.doesNotMatch(inbox, /Eiluovutettu/);
  assert.equal(await p.locator('nav a[href="/clients"]').count(), 0, 'no clients menu');
  assert.equal(await p.locator('form[action="/clients/search"]').count(), 0, 'no client search');
  await assertAccessible(p, 'vastaanotetut tiedot');
  await Promise.all([p.waitForURL(/\/disclosures\/[a-z2-7]{26}$/), p.click('main table a')]);
  const pkg = await p.textContent('main');
  assert.match(pkg, /Amina/);
  assert.match(pkg, /Tarvitsee tulkin/);
  assert.equal(await p.locator('.package-item-label').count(), 18);
  await assertAccessible(p, 'vastaanotettu paketti');
  const packageURL = p.url();
  for (const url of [clientURL, clientURL + '/disclosures', referrals]) {
    const res = await p.goto(url);
    assert.equal(res.status(), 404, url);
  }
  await pctx.close();

  // Toisen palveluntuottajan käyttäjä ei näe pakettia.
  const octx = await browser.newContext({ locale: 'fi-FI' });
  const o = await octx.newPage();
  await o.goto(koto.url + '/login');
  await o.fill('input[name="username"]', 'e2e.tuottaja2');
  await o.fill('input[name="password"]', PASSWORD);
  await Promise.all([o.waitForURL(/\/disclosures$/), o.click('form[action="/login"] button[type="submit"]')]);
  assert.doesNotMatch(await o.textContent('main'), /Luovutettava/);
  assert.equal((await o.goto(packageURL)).status(), 404);
  await octx.close();
});
