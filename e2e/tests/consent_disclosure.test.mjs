// Suostumus ohjaa luovutusta (issue 14 item 10): kun asiakkaan
// kotoutumisaika on päättynyt, tietoja ei luovuteta palveluntuottajalle
// ennen kuin asiakas on antanut suostumuksen käsittelyyn kotoutumisajan
// jälkeen; suostumuksen jälkeen luovutus onnistuu ja tuottaja näkee
// paketin, ja peruutuksen jälkeen luovutus estyy heti uudelleen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['org', 'add', '--code', 'opisto', '--name', 'Kansanopisto Oy', '--kind', 'provider']);
  koto.cli(['user', 'add', '--org', 'opisto', '--username', 'e2e.tuottaja', '--role', 'provider', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

const day = (offset) => {
  const d = new Date(Date.now() + offset * 86400000);
  return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
};

test('consent given → disclosure allowed; consent withdrawn → blocked', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');

  // A client with a referral sent to Kansanopisto Oy.
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(8, 8, 84, 974));
  await page.fill('input[name="firstNames"]', 'Leila');
  await page.fill('input[name="lastName"]', 'Suostumuksellinen');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const clientURL = page.url();
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('a:has-text("Lähetteet palveluihin")')]);
  await page.selectOption('#f-provider', { label: 'Kansanopisto Oy' });
  await page.selectOption('#f-service', { label: 'Kotoutumiskoulutus' });
  await page.fill('#f-date', day(-30));
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('form[action$="/referrals"] button[type="submit"]')]);
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('button:has-text("Merkitse lähetetyksi")')]);
  const previewURL = await page.locator('a:has-text("Luovuta tiedot palveluntuottajalle")').getAttribute('href');
  assert.ok(previewURL, 'the referral offers the disclosure');

  // The integration period ends: the service end is recorded.
  await page.goto(clientURL + '/edit/service');
  await page.fill('input[name="serviceEnd"]', day(-5));
  await page.selectOption('select[name="serviceEndReason"]', 'employed');
  await Promise.all([page.waitForURL(clientURL), page.click('main form button[type="submit"]')]);

  // Without the consent the package is not even previewed.
  let res = await page.goto(koto.url + previewURL);
  assert.equal(res.status(), 409, 'no disclosure after the integration period without consent');
  await assertAccessible(page, 'disclosure refused without consent');

  // The client consents: the package can be previewed and recorded.
  await page.goto(clientURL + '/consents');
  await page.selectOption('select[name="type"]', 'after-integration-period');
  await page.fill('input[name="given"]', day(0));
  await page.selectOption('select[name="channel"]', 'in-person');
  await Promise.all([page.waitForURL(clientURL + '/consents'), page.click('main form[method="post"] button[type="submit"]')]);
  res = await page.goto(koto.url + previewURL);
  assert.equal(res.status(), 200, 'the consent allows the disclosure');
  await Promise.all([page.waitForURL(/\/disclosures\/[a-z2-7]{26}$/), page.click('button:has-text("Kirjaa luovutus")')]);
  assert.match(await page.textContent('main'), /sha256:[0-9a-f]{64}/);

  // The consent is withdrawn: the next disclosure is refused at once.
  await page.goto(clientURL + '/consents');
  const item = page.locator('article.note', { hasText: 'Käsittely kotoutumisajan jälkeen' });
  await Promise.all([page.waitForURL(/\/withdraw$/), item.locator('a[href$="/withdraw"]').click()]);
  await page.selectOption('select[name="channel"]', 'phone');
  await Promise.all([page.waitForURL(/\/consents#consent-/), page.click('main form button[type="submit"]')]);
  res = await page.goto(koto.url + previewURL);
  assert.equal(res.status(), 409, 'withdrawal blocks the disclosure at once');
  await context.close();

  // The provider received exactly the one package recorded under the consent.
  const pctx = await browser.newContext({ locale: 'fi-FI' });
  const p = await pctx.newPage();
  await p.goto(koto.url + '/login');
  await p.fill('input[name="username"]', 'e2e.tuottaja');
  await p.fill('input[name="password"]', PASSWORD);
  await Promise.all([p.waitForURL(/\/disclosures$/), p.click('form[action="/login"] button[type="submit"]')]);
  assert.equal(await p.locator('main table tbody tr', { hasText: 'Suostumuksellinen' }).count(), 1);
  await pctx.close();
});
