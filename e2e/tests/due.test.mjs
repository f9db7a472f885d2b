// Oma päivä: ohjaaja kirjaa asiakkaalle pian päättyvän oleskeluluvan ja
// suunnitelman, jonka tarkistus on lähellä. Kun ajastettu työ on laskenut
// määräajat uudelleen (muutamassa sekunnissa), ne näkyvät ohjaajan
// aloitussivulla nimen, asian ja päivämäärän kanssa, ja linkki vie
// asiakkaan tietoihin. axe ei löydä mitään.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

// isoDate is a calendar day as YYYY-MM-DD; inDays today plus n days.
const isoDate = (d) => d.toISOString().slice(0, 10);
const inDays = (n) => { const d = new Date(); d.setUTCDate(d.getUTCDate() + n); return d; };

test('oma päivä: ajankohtaiset määräajat aloitussivulla', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  // The caseworker lands on their day; nothing is due yet.
  assert.match(page.url(), /\/me$/);
  assert.match(await page.textContent('main'), /Sinulle ei ole osoitettu asiakkaita/);
  await assertAccessible(page, 'oma päivä, tyhjä');

  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(14, 7, 84, 961));
  await page.fill('input[name="firstNames"]', 'Paula');
  await page.fill('input[name="lastName"]', 'Päivyri');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();
  const clientPath = cardURL.slice(koto.url.length);

  // A permit granted a year ago, valid for 30 more days.
  await page.goto(cardURL + '/permits/new');
  await page.selectOption('select[name="kind"]', 'first');
  await page.selectOption('select[name="outcome"]', 'granted');
  await page.fill('input[name="decisionDate"]', isoDate(inDays(-365)));
  await page.selectOption('select[name="class"]', 'B');
  await page.selectOption('select[name="ground"]', 'work');
  await page.fill('input[name="validFrom"]', isoDate(inDays(-365)));
  await page.fill('input[name="validTo"]', isoDate(inDays(30)));
  await Promise.all([page.waitForURL(cardURL + '#h-permits'), page.click('form.permit-form button[type="submit"]')]);

  // A plan whose review is in five days.
  await page.goto(cardURL + '/plans/new');
  await page.selectOption('select[name="kind"]', 'basic');
  await page.fill('input[name="startDate"]', isoDate(inDays(-60)));
  await page.fill('input[name="endDate"]', isoDate(inDays(200)));
  await page.fill('textarea[name="goals"]', 'Suomen kieli tasolle A2.2');
  await page.fill('textarea[name="reviewDates"]', isoDate(inDays(5)));
  await Promise.all([page.waitForURL(/\/plans\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);

  // The job due.recompute runs every few seconds: reload until it has.
  const table = page.locator('section[aria-labelledby="h-due"] table');
  for (let i = 0; i < 30; i++) {
    await page.goto(koto.url + '/me');
    if (await table.count() > 0 && /Suunnitelman tarkistus/.test(await table.textContent())) break;
    await page.waitForTimeout(1000);
  }
  const due = await table.textContent();
  assert.match(due, /Päivyri, Paula/);
  assert.match(due, /Suunnitelman tarkistus/);
  assert.match(due, /Oleskelulupa päättymässä/);
  assert.doesNotMatch(due, /plan_review|permit_expiring/, 'names, never raw codes');
  assert.match(await page.textContent('section[aria-labelledby="h-my-clients"]'), /Päivyri, Paula/);
  await assertAccessible(page, 'oma päivä, määräajat');

  // The full list and the link to the record.
  await Promise.all([page.waitForURL(/\/me\/due\?within=90$/), page.click('a[href="/me/due?within=90"]')]);
  assert.match(await page.textContent('main table'), /Oleskelulupa päättymässä/);
  await assertAccessible(page, 'kaikki määräajat');
  await Promise.all([page.waitForURL(koto.url + clientPath), page.click(`main table a[href="${clientPath}"]`)]);
  await context.close();
});
