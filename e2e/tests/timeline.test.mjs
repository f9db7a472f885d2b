// Aikajana ja yleiskuva: asiakkaalle kirjataan kirjaus, suunnitelma ja
// lähete; aikajana näyttää ne uusin ensin nimillä (ei koodeja), ja kortti
// näyttää yleiskuvana voimassa olevan suunnitelman ja avoimen lähetteen.
// axe on puhdas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['org', 'add', '--code', 'opisto', '--name', 'Kansanopisto Oy', '--kind', 'provider']);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('aikajana: kirjaus, suunnitelma ja lähete järjestyksessä; kortin yleiskuva', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(14, 7, 86, 971));
  await page.fill('input[name="firstNames"]', 'Tuuli');
  await page.fill('input[name="lastName"]', 'Aikajana');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const card = page.url();

  // Kirjaus.
  await page.goto(card + '/notes');
  await page.selectOption('select[name="type"]', 'phone');
  await page.fill('input[name="date"]', '2026-01-10');
  await page.fill('textarea[name="text"]', 'Puhelu-Aikajanatesti.');
  await Promise.all([page.waitForURL(card + '/notes'), page.click('main form[method="post"] button[type="submit"]')]);

  // Suunnitelma.
  await page.goto(card + '/plans/new');
  await page.selectOption('select[name="kind"]', 'basic');
  await page.fill('input[name="startDate"]', '2026-01-15');
  await page.fill('input[name="endDate"]', '2026-12-31');
  await page.fill('textarea[name="goals"]', 'Suomen kieli');
  await Promise.all([page.waitForURL(/\/plans\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);

  // Lähete.
  await page.goto(card + '/referrals');
  await page.selectOption('#f-provider', { label: 'Kansanopisto Oy' });
  await page.selectOption('#f-service', { label: 'Kotoutumiskoulutus' });
  await page.fill('#f-date', '2026-01-20');
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('form[action$="/referrals"] button[type="submit"]')]);

  // Aikajana kortin linkistä.
  await page.goto(card);
  await Promise.all([page.waitForURL(/\/timeline$/), page.click('main a[href$="/timeline"] >> nth=0')]);
  const items = await page.locator('ol.timeline li').allTextContents();
  const at = (re) => items.findIndex((t) => re.test(t));
  const referral = at(/Ohjaus: Ehdotettu – Kotoutumiskoulutus/);
  const plan = at(/Kotoutumissuunnitelma laadittu/);
  const note = at(/Merkintä: Puhelu/);
  const registered = at(/Rekisteröity asiakkaaksi/);
  assert.ok(referral >= 0 && plan >= 0 && note >= 0 && registered >= 0, items.join('\n'));
  assert.ok(referral < plan && plan < note && note < registered, 'uusin ensin:\n' + items.join('\n'));
  const main = await page.textContent('main');
  assert.doesNotMatch(main, /Aikajanatesti|integration-training|referral\.|plan\.created/);
  await assertAccessible(page, 'aikajana');

  // Tapahtuma vie kirjaukseensa.
  await Promise.all([page.waitForURL(/\/referrals#ref-/), page.locator('ol.timeline a', { hasText: 'Kotoutumiskoulutus' }).click()]);

  // Kortti yleiskuvana.
  await page.goto(card);
  const planBox = await page.textContent('.overview-plan');
  assert.match(planBox, /Kotoutumissuunnitelma/);
  assert.match(planBox, /15\.1\.2026 – 31\.12\.2026/);
  const refs = await page.textContent('.overview-referrals');
  assert.match(refs, /Kotoutumiskoulutus – Kansanopisto Oy: Ehdotettu/);
  assert.equal(await page.locator('.overview-events ol.timeline li').count(), 4);
  await assertAccessible(page, 'asiakaskortti yleiskuvana');
  await context.close();
});
