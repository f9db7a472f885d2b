// Kotoutumissuunnitelma suomeksi: ensimmäinen suunnitelma yli vuodeksi →
// huomautus näkyy ja kuitataan; tarkistus tekee version 2; versio 1 on yhä
// luettavissa sellaisena kuin se tallennettiin; PDF latautuu. axe ei löydä
// mitään yhdestäkään tilasta (virheet mukaan lukien).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('kotoutumissuunnitelma: huomautus, kuittaus, versiot ja PDF', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');

  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(21, 4, 87, 951));
  await page.fill('input[name="firstNames"]', 'Aalia');
  await page.fill('input[name="lastName"]', 'Suunnitelma-Åström');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();

  await Promise.all([page.waitForURL(/\/plans$/), page.click(`a[href$="/plans"]`)]);
  await assertAccessible(page, 'suunnitelmat, ei yhtään');
  await Promise.all([page.waitForURL(/\/plans\/new$/), page.click('a[href$="/plans/new"]')]);
  await assertAccessible(page, 'uusi suunnitelma');

  // Virheellinen lomake: virheet kentissä, mitään ei menetetä.
  await page.fill('input[name="startDate"]', '2025-01-01');
  await page.fill('textarea[name="goals"]', '');
  await page.click('main form button[type="submit"]');
  await page.waitForSelector('#error-summary');
  assert.equal(await page.inputValue('input[name="startDate"]'), '2025-01-01');
  await assertAccessible(page, 'uusi suunnitelma, virheet');

  // Ensimmäinen suunnitelma 15 kuukaudeksi.
  await page.selectOption('select[name="kind"]', 'basic');
  await page.fill('input[name="endDate"]', '2026-03-31');
  await page.fill('textarea[name="goals"]', 'Suomen kieli tasolle A2.2\nTyöllistyminen hoitoalalle');
  await page.fill('textarea[name="reviewDates"]', '2025-06-01\n2025-11-01\n2026-03-01');
  await page.fill('input[name="measures[0].text"]', 'Kotoutumiskoulutus, Äänekoski');
  await page.selectOption('select[name="measures[0].serviceKind"]', 'integration-training');
  await page.fill('input[name="measures[0].start"]', '2025-02-01');
  await Promise.all([page.waitForURL(/\/plans\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const planURL = page.url();
  const warnings = page.locator('section[aria-labelledby="warnings"]');
  assert.match(await warnings.textContent(), /Ensimmäinen kotoutumissuunnitelma on laadittu yli 12 kuukaudeksi/);
  assert.match(await warnings.textContent(), /681\/2023/);
  await assertAccessible(page, 'suunnitelma ja huomautus');

  // Kuittaus.
  await Promise.all([page.waitForURL(planURL + '#warnings'), page.click('li[data-code="first_plan_over_1y"] button')]);
  assert.match(await warnings.textContent(), /Kuitannut/);
  assert.equal(await page.locator('li[data-code="first_plan_over_1y"] button').count(), 0);
  await assertAccessible(page, 'kuitattu huomautus');

  // Tarkistus: versio 2.
  await Promise.all([page.waitForURL(/\/edit$/), page.click('a[href$="/edit"]')]);
  await assertAccessible(page, 'suunnitelman tarkistus');
  await page.fill('input[name="endDate"]', '2025-12-31');
  await page.fill('textarea[name="goals"]', 'Ruotsin kieli tasolle A2.1');
  await Promise.all([page.waitForURL(planURL), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('main'), /Ruotsin kieli tasolle A2\.1/);
  assert.match(await page.textContent('section[aria-labelledby="h-versions"]'), /Versio 2/);
  await assertAccessible(page, 'versio 2');

  // Versio 1 sellaisenaan.
  await Promise.all([page.waitForURL(/\/versions\/1$/), page.click('section[aria-labelledby="h-versions"] a[href$="/versions/1"]')]);
  const main = await page.textContent('main');
  assert.match(main, /Tämä on suunnitelman versio 1/);
  assert.match(main, /Työllistyminen hoitoalalle/);
  assert.match(main, /31\.3\.2026/);
  assert.doesNotMatch(main, /Ruotsin kieli/);
  await assertAccessible(page, 'versio 1');

  // Seurantamerkintä ilman uutta versiota.
  await page.goto(planURL);
  await page.fill('input[name="date"]', '2025-04-01');
  await page.fill('textarea[name="text"]', 'Koulutus alkoi, läsnäolo hyvä.');
  await Promise.all([page.waitForURL(planURL + '#follow-ups'), page.click('section[aria-labelledby="follow-ups"] button[type="submit"]')]);
  assert.match(await page.textContent('section[aria-labelledby="follow-ups"]'), /Koulutus alkoi/);
  await assertAccessible(page, 'seurantamerkintä');

  // PDF.
  const href = await page.getAttribute('a[href*="/pdf?lang=fi"]', 'href');
  const pdf = await page.request.get(koto.url + href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');

  await page.goto(cardURL);
  await context.close();
});
