// Need-to-know: a caseworker opens a colleague's client only after stating a
// reason; a supervisor reviews the reasons; special-category data is shown
// only for a stated purpose.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.ohjaaja2', '--role', 'caseworker', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function newPage() {
  const context = await browser.newContext({ locale: 'fi-FI' });
  return context.newPage();
}

async function createClient(page, lastName, hetu) {
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', hetu);
  await page.fill('input[name="firstNames"]', 'Leyla');
  await page.fill('input[name="lastName"]', lastName);
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  return page.url();
}

test('a colleague states a reason, the supervisor reviews it', async () => {
  const first = await newPage();
  await login(first, koto.url, 'e2e.ohjaaja');
  const cardURL = await createClient(first, 'Perusteltava', testHETU(12, 4, 91, 931));

  const second = await newPage();
  await login(second, koto.url, 'e2e.ohjaaja2');
  const res = await second.goto(cardURL);
  assert.equal(res.status(), 403);
  assert.match(await second.textContent('h1'), /Perustele/);
  assert.doesNotMatch(await second.textContent('body'), /Perusteltava/);
  await assertAccessible(second, 'reason page');

  // Without an explanation the form comes back with the error summary.
  await second.selectOption('select[name="reasonCode"]', 'client_contact');
  await second.click('main form button[type="submit"]');
  assert.ok(await second.locator('#error-summary').count() === 1, 'error summary shown');
  assert.equal(await second.inputValue('select[name="reasonCode"]'), 'client_contact');
  await assertAccessible(second, 'reason page with errors');

  await second.fill('textarea[name="text"]', 'Asiakas soitti, vastuuohjaaja lomalla');
  await Promise.all([second.waitForURL(cardURL), second.click('main form button[type="submit"]')]);
  assert.match(await second.textContent('main'), /Perusteltava/);

  const sup = await newPage();
  await login(sup, koto.url, 'e2e.esihenkilo');
  await sup.goto(cardURL);
  assert.match(await sup.textContent('main'), /Vastuuohjaajat/);
  await assertAccessible(sup, 'client card with the assignment form');
  await Promise.all([sup.waitForURL(/\/review$/), sup.click('nav a[href="/review"]')]);
  const row = sup.locator('main tbody tr', { hasText: 'Asiakas soitti, vastuuohjaaja lomalla' });
  assert.equal(await row.count(), 1, 'the reason is in the queue');
  assert.match(await row.textContent(), /e2e\.ohjaaja2/);
  assert.match(await row.textContent(), /Asiakkaan yhteydenotto/);
  await assertAccessible(sup, 'review queue');
  await Promise.all([sup.waitForURL(/\/review#review-status$/), row.locator('button').click()]);
  assert.equal(await sup.locator('main tbody tr', { hasText: 'Asiakas soitti, vastuuohjaaja lomalla' }).count(), 0, 'reviewed reason left the queue');
  await sup.click('main a[href="/review?all=1"]');
  await sup.waitForURL(/\/review\?all=1$/);
  assert.match(await sup.textContent('main'), /Tarkastettu/);
  await assertAccessible(sup, 'review queue with reviewed reasons');
});

test('special-category data is opened for a stated purpose', async () => {
  const page = await newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  const cardURL = await createClient(page, 'Terveystietoinen', testHETU(3, 9, 84, 933));
  await Promise.all([page.waitForURL(cardURL + '/sensitive'), page.click('main a[href$="/sensitive"]')]);
  assert.match(await page.textContent('main'), /kirjataan/);
  await assertAccessible(page, 'sensitive data: purpose');

  await page.selectOption('select[name="purpose"]', 'assessment');
  await Promise.all([page.waitForURL(/purpose=assessment/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('main'), /Palvelutarpeen arviointi/);
  await assertAccessible(page, 'sensitive data: view');

  await Promise.all([page.waitForURL(/edit=1/), page.click('main a[href*="edit=1"]')]);
  await assertAccessible(page, 'sensitive data: edit form');
  await page.fill('textarea[name="workAbility"]', 'Osatyökykyinen, enintään 4 h päivässä');
  await Promise.all([page.waitForURL(/saved=1/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('main'), /enintään 4 h päivässä/);
  await assertAccessible(page, 'sensitive data: saved');
});
