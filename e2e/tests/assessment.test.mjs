// Alkukartoitus, taustatiedot ja kielitaito suomeksi: ohjaaja kirjaa
// asiakkaalle myönnetyn oleskeluluvan, jonka kolmen vuoden määräaika
// päättyy pian (varoitus näkyy), taustatiedot ISCED- ja ISCO-valitsimilla,
// kielitestin tuloksen B1.1-tavoitetta vasten ja alkukartoituksen luonnoksena
// ja valmiina. axe ei löydä mitään yhdestäkään tilasta, virheet mukaan lukien.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

// isoDate is a calendar day as YYYY-MM-DD.
const isoDate = (d) => d.toISOString().slice(0, 10);

test('alkukartoitus, taustatiedot ja kielitesti', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');

  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(20, 3, 86, 951));
  await page.fill('input[name="firstNames"]', 'Hana');
  await page.fill('input[name="lastName"]', 'Kartoitettava');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();

  // A permit granted almost three years ago: 60 days of the window left.
  const start = new Date();
  start.setUTCFullYear(start.getUTCFullYear() - 3);
  start.setUTCDate(start.getUTCDate() + 60);
  await page.goto(cardURL + '/permits/new');
  await page.selectOption('select[name="kind"]', 'first');
  await page.selectOption('select[name="outcome"]', 'granted');
  await page.fill('input[name="decisionDate"]', isoDate(start));
  await page.selectOption('select[name="class"]', 'A');
  await page.selectOption('select[name="ground"]', 'refugee_status');
  await page.fill('input[name="validFrom"]', isoDate(start));
  await Promise.all([page.waitForURL(cardURL + '#h-permits'), page.click('form.permit-form button[type="submit"]')]);

  // The overview from the card: the window and its warning.
  await Promise.all([page.waitForURL(cardURL + '/assessment'), page.click(`a[href$="/assessment"]`)]);
  const windowNotice = page.locator('#assessment-window');
  assert.match(await windowNotice.getAttribute('class'), /notice-warning/);
  assert.match(await windowNotice.textContent(), /Huomio: alkukartoituksen määräaika päättyy .* (59|60|61) päivän kuluttua/);
  await assertAccessible(page, 'alkukartoituksen yleiskuva');

  // Background with the pickers; an error first.
  await Promise.all([page.waitForURL(/\/assessment\/background$/), page.click('a[href$="/assessment/background"]')]);
  await assertAccessible(page, 'taustatietolomake');
  await page.fill('input[name="unemployedMonths"]', '9999');
  await page.click('main form button[type="submit"]');
  await page.waitForSelector('#error-summary');
  await assertAccessible(page, 'taustatietolomake virheineen');
  await page.selectOption('select[name="education[0].level"]', '7');
  await page.selectOption('select[name="education[0].field"]', '09');
  await page.selectOption('select[name="education[0].country"]', 'SY');
  await page.check('input[name="education[0].completed"]');
  await page.selectOption('select[name="education[0].recognition"]', 'applied');
  await page.selectOption('select[name="work[0].occupation"]', '22');
  await page.fill('input[name="work[0].years"]', '6');
  await page.selectOption('select[name="literacy"]', 'literate');
  await page.selectOption('select[name="targetOccupation"]', '32');
  await page.fill('input[name="unemployedMonths"]', '14');
  await Promise.all([page.waitForURL(cardURL + '/assessment#h-background'), page.click('main form button[type="submit"]')]);
  const background = page.locator('section[aria-labelledby="h-background"]');
  assert.match(await background.textContent(), /Ylempi korkeakouluaste, Terveys- ja hyvinvointialat, Syyria/);
  assert.match(await background.textContent(), /Terveydenhuollon erityisasiantuntijat/);
  assert.match(await background.textContent(), /Terveydenhuollon asiantuntijat/);

  // A language test result against the B1.1 goal.
  await Promise.all([page.waitForURL(/\/language-tests\/new$/), page.click('a[href$="/language-tests/new"]')]);
  await page.selectOption('select[name="kind"]', 'final');
  await page.fill('input[name="date"]', isoDate(new Date()));
  await page.click('main form button[type="submit"]');
  await page.waitForSelector('#error-summary');
  await assertAccessible(page, 'kielitestilomake virheineen');
  await page.selectOption('select[name="listening"]', 'B1.1');
  await page.selectOption('select[name="reading"]', 'B1.2');
  await page.selectOption('select[name="speaking"]', 'A2.2');
  await page.selectOption('select[name="writing"]', 'A2.1');
  await page.fill('input[name="provider"]', 'Kansalaisopisto');
  await Promise.all([page.waitForURL(cardURL + '/assessment#h-language'), page.click('main form button[type="submit"]')]);
  const goal = page.locator('#language-goal');
  assert.match(await goal.textContent(), /B1\.1/);
  assert.match(await goal.locator('tr', { hasText: 'Kuullun ymmärtäminen' }).textContent(), /Tavoite saavutettu/);
  assert.match(await goal.locator('tr', { hasText: 'Puhuminen' }).textContent(), /Tavoitetta ei vielä saavutettu/);
  await assertAccessible(page, 'yleiskuva kielitestin jälkeen');

  // An assessment: a draft, then completed.
  await Promise.all([page.waitForURL(/\/assessments\/new$/), page.click('a[href$="/assessments/new"]')]);
  assert.match(await page.locator('#assessment-window').textContent(), /Huomio/);
  await assertAccessible(page, 'uusi alkukartoitus');
  await page.selectOption('select[name="kind"]', 'multisector');
  await page.fill('textarea[name="literacy"]', 'Lukee ja kirjoittaa arabiaa ja latinalaisin kirjaimin.');
  await page.fill('textarea[name="lifeSituation"]', 'Asuu perheen kanssa, lapset koulussa.');
  await Promise.all([page.waitForURL(/\/assessments\/[a-z2-7]{26}$/), page.click('button[value="draft"]')]);
  const assessmentURL = page.url();
  await page.click('button[value="completed"]');
  await page.waitForSelector('#error-summary');
  await assertAccessible(page, 'alkukartoitus virheineen');
  await page.fill('textarea[name="furtherMeasures"]', 'Ohjataan kotoutumiskoulutukseen.');
  await page.selectOption('select[name="planNeeded"]', 'yes');
  await page.fill('input[name="authors"]', 'Eetu Ohjaaja');
  await Promise.all([page.waitForURL(assessmentURL), page.click('button[value="completed"]')]);
  assert.match(await page.locator('main').textContent(), /Valmis alkukartoitus/);
  assert.match(await page.locator('main').textContent(), /Ohjataan kotoutumiskoulutukseen\./);
  await assertAccessible(page, 'valmis alkukartoitus');

  await page.goto(cardURL + '/assessment');
  const list = page.locator('section[aria-labelledby="h-assessments"]');
  assert.match(await list.textContent(), /Monialainen alkukartoitus/);
  assert.match(await list.textContent(), /Valmis/);
  await context.close();
});
