// Reception and municipal placement, household links and the end of
// service, in Finnish: a caseworker records a placement, links a child to
// the household (shown on both clients), and ends the service; axe finds
// nothing on any state, errors included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function newClient(page, hetu, first, last) {
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', hetu);
  await page.fill('input[name="firstNames"]', first);
  await page.fill('input[name="lastName"]', last);
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  return page.url();
}

test('placement, household and end of service (fi)', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');

  const childURL = await newClient(page, testHETU(5, 6, 15, 961), 'Omar', 'Kotitalous');
  const childKoto = (await page.textContent('p.meta strong')).trim();
  const parentURL = await newClient(page, testHETU(7, 8, 85, 962), 'Aisha', 'Kotitalous');
  await assertAccessible(page, 'card with the end-of-service section');

  // The placement: an error first, then the record.
  await Promise.all([page.waitForURL(/\/placement$/), page.click('a[href$="/placement"]')]);
  await assertAccessible(page, 'empty placement page');
  await page.fill('input[name="receptionCentre"]', 'Joutsenon vastaanottokeskus');
  await page.fill('input[name="unhcrNumber"]', '123-45C67890');
  await page.check('input[name="quotaRefugee"]');
  await page.fill('input[name="placedFrom"]', 'Ulkomailta (kiintiö)');
  await page.fill('input[name="assigningAuthority"]', 'Uudenmaan elinvoimakeskus');
  await page.selectOption('select[name="municipality"]', '091');
  await page.fill('input[name="decisionDate"]', '2025-02-01');
  await page.fill('input[name="arrivalDate"]', '2025-01-15');
  await page.click('form[action$="/placement"] button[type="submit"]');
  await page.waitForSelector('#error-summary');
  assert.match(await page.textContent('#error-summary'), /Saapumispäivä ei voi olla ennen osoituspäätöstä/);
  await assertAccessible(page, 'placement with an error');
  await page.fill('input[name="arrivalDate"]', '2025-02-20');
  await Promise.all([page.waitForURL(/\/placement$/), page.click('form[action$="/placement"] button[type="submit"]')]);
  const record = page.locator('section[aria-labelledby="h-placement"]');
  assert.match(await record.textContent(), /Joutsenon vastaanottokeskus/);
  assert.match(await record.textContent(), /Helsinki/);
  assert.doesNotMatch(await record.textContent(), /\b091\b/);
  await assertAccessible(page, 'recorded placement');

  // A household link by the child's Koto id: shown on both clients.
  await page.fill('input[name="otherId"]', childKoto);
  await page.selectOption('select[name="kind"]', 'child');
  await Promise.all([page.waitForURL(/\/placement#h-household$/), page.click('form[action$="/household"] button[type="submit"]')]);
  const household = page.locator('section[aria-labelledby="h-household"]');
  assert.match(await household.textContent(), /Omar Kotitalous/);
  assert.match(await household.textContent(), /lapsi/);
  await assertAccessible(page, 'household with a link');
  await page.goto(childURL + '/placement');
  assert.match(await household.textContent(), /Aisha Kotitalous/);
  assert.match(await household.textContent(), /vanhempi/);

  // End the service on the card's section page.
  await page.goto(parentURL);
  await Promise.all([page.waitForURL(/\/edit\/service$/), page.click('a[href$="/edit/service"]')]);
  await assertAccessible(page, 'end-of-service form');
  await page.fill('input[name="serviceEnd"]', '2026-01-01');
  await page.selectOption('select[name="serviceEndReason"]', 'death');
  await page.click('main form button[type="submit"]');
  await page.waitForSelector('#error-summary');
  assert.match(await page.textContent('#error-summary'), /edellyttää kuolinpäivää/);
  await assertAccessible(page, 'end-of-service form with an error');
  await page.selectOption('select[name="serviceEndReason"]', 'employed');
  await Promise.all([page.waitForURL(parentURL), page.click('main form button[type="submit"]')]);
  const service = page.locator('section[aria-labelledby="h-service"]');
  assert.match(await service.textContent(), /työllistyi/);
  assert.match(await service.textContent(), /1\.1\.2026/);
  await assertAccessible(page, 'card with the service ended');
  await context.close();
});
