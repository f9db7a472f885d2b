// Asiakastyön pääpolku suomeksi (issue 13, kohta 12): yksi ohjaaja ja yksi
// uusi asiakas. Ohjaaja kirjaa alkukartoituksen → laatii siitä
// kotoutumissuunnitelman, jonka tarkistusväli on yli kuusi kuukautta →
// näkee tarkistushuomautuksen ja kuittaa sen → tekee suunnitelman
// palvelusta lähetteen palveluntuottajalle (ehdotettu → lähetetty) → lähete
// näkyy asiakkaan lähetteissä kortin linkistä. Vain oikeita napsautuksia ja
// lomakkeita; axe on puhdas jokaisella sivulla.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['org', 'add', '--code', 'kansanopisto', '--name', 'Kansanopisto Polku Oy', '--kind', 'provider']);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('alkukartoitus → suunnitelma → tarkistushuomautus → lähete', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');

  // Uusi asiakas.
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(14, 7, 90, 971));
  await page.fill('input[name="firstNames"]', 'Polku');
  await page.fill('input[name="lastName"]', 'Pääpolkulainen');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();
  await assertAccessible(page, 'asiakaskortti');

  // Perusalkukartoitus kortilta, valmiiksi.
  await Promise.all([page.waitForURL(cardURL + '/assessment'), page.click('a[href$="/assessment"]')]);
  await assertAccessible(page, 'alkukartoituksen yleiskuva');
  await Promise.all([page.waitForURL(/\/assessments\/new$/), page.click('a[href$="/assessments/new"]')]);
  await assertAccessible(page, 'uusi alkukartoitus');
  await page.selectOption('select[name="kind"]', 'basic');
  await page.fill('textarea[name="furtherMeasures"]', 'Ohjataan kotoutumiskoulutukseen.');
  await page.selectOption('select[name="planNeeded"]', 'yes');
  await page.fill('input[name="plannedPlanDate"]', '2026-01-15');
  await page.fill('input[name="authors"]', 'Eetu Ohjaaja');
  await Promise.all([page.waitForURL(/\/assessments\/[a-z2-7]{26}$/), page.click('button[value="completed"]')]);
  assert.match(await page.textContent('main'), /Valmis alkukartoitus/);
  await assertAccessible(page, 'valmis alkukartoitus');

  // Suunnitelma alkukartoituksesta: laji ja alkamispäivä tulevat valmiina.
  await Promise.all([page.waitForURL(/\/plans\/new\?/), page.click('#plan-from-assessment')]);
  assert.equal(await page.inputValue('select[name="kind"]'), 'basic');
  assert.equal(await page.inputValue('input[name="startDate"]'), '2026-01-15');
  await assertAccessible(page, 'uusi suunnitelma alkukartoituksesta');
  await page.fill('input[name="endDate"]', '2026-12-31');
  await page.fill('textarea[name="goals"]', 'Suomen kieli tasolle A2.2');
  // Ensimmäinen tarkistus yli kuuden kuukauden päästä alusta.
  await page.fill('textarea[name="reviewDates"]', '2026-08-01');
  await page.fill('input[name="measures[0].text"]', 'Kotoutumiskoulutus päiväopetuksena');
  await page.selectOption('select[name="measures[0].serviceKind"]', { label: 'Kotoutumiskoulutus' });
  await page.fill('input[name="measures[0].start"]', '2026-02-01');
  await Promise.all([page.waitForURL(/\/plans\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const planURL = page.url();

  // Tarkistushuomautus näkyy ja kuitataan.
  const warnings = page.locator('section[aria-labelledby="warnings"]');
  assert.match(await warnings.textContent(), /tarkistusten väli on yli 6 kuukautta/);
  assert.equal(await page.locator('li.plan-warning').count(), 1);
  await assertAccessible(page, 'suunnitelma ja tarkistushuomautus');
  await Promise.all([page.waitForURL(planURL + '#warnings'), page.click('li[data-code="review_interval_over_6m"] button')]);
  assert.match(await warnings.textContent(), /Kuitannut/);
  assert.equal(await page.locator('li[data-code="review_interval_over_6m"] button').count(), 0);
  await assertAccessible(page, 'kuitattu tarkistushuomautus');

  // Lähete suunnitelman palvelusta: palvelu on valmiiksi valittu.
  await Promise.all([page.waitForURL(/\/referrals\?service=integration-training/), page.click('a.refer-link')]);
  assert.equal(await page.inputValue('#f-service'), 'integration-training');
  await assertAccessible(page, 'lähetelomake suunnitelmasta');
  await page.selectOption('#f-provider', { label: 'Kansanopisto Polku Oy' });
  await page.fill('#f-date', '2026-01-20');
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('form[action$="/referrals"] button[type="submit"]')]);
  assert.ok((await page.textContent('main')).includes('Kotoutumiskoulutus – Kansanopisto Polku Oy'));
  assert.equal((await page.textContent('.referral-status')).trim(), 'Ehdotettu');
  await assertAccessible(page, 'ehdotettu lähete');
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('button:has-text("Merkitse lähetetyksi")')]);
  assert.equal((await page.textContent('.referral-status')).trim(), 'Lähetetty');
  await assertAccessible(page, 'lähetetty lähete');

  // Lähete näkyy asiakkaan sivuilla kortin linkistä.
  await page.goto(cardURL);
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('a:has-text("Lähetteet palveluihin")')]);
  const main = await page.textContent('main');
  assert.ok(main.includes('Kotoutumiskoulutus – Kansanopisto Polku Oy'), main);
  assert.equal((await page.textContent('.referral-status')).trim(), 'Lähetetty');
  await assertAccessible(page, 'asiakkaan lähetteet');
  await context.close();
});
