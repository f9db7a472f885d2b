// Lähetteet: ohjaaja lähettää asiakkaan palveluntuottajan palveluun, vie
// lähetteen vaiheisiin lähetetty ja hyväksytty, ja vanhentuneelta sivulta
// painettu mahdoton vaihe näyttää virheen. Esihenkilö näkee lähetteet
// palveluntuottajittain. axe on puhdas jokaisessa tilassa.
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

test('lähete palveluun: ehdotettu, lähetetty, hyväksytty; mahdoton vaihe näyttää virheen', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(3, 4, 88, 961));
  await page.fill('input[name="firstNames"]', 'Leena');
  await page.fill('input[name="lastName"]', 'Lähetettävä');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const card = page.url();

  await Promise.all([page.waitForURL(/\/referrals$/), page.click('a:has-text("Lähetteet palveluihin")')]);
  assert.ok((await page.textContent('main')).includes('Asiakkaalla ei ole lähetteitä.'));
  await assertAccessible(page, 'tyhjä lähetesivu');

  // Puuttuvat tiedot: virheyhteenveto.
  await page.click('form[action$="/referrals"] button[type="submit"]');
  await page.waitForSelector('#error-summary');
  assert.ok((await page.textContent('#error-summary')).includes('Palveluntuottaja'));
  await assertAccessible(page, 'uusi lähete virheineen');

  await page.selectOption('#f-provider', { label: 'Kansanopisto Oy' });
  await page.selectOption('#f-service', { label: 'Kotoutumiskoulutus' });
  await page.fill('#f-date', '2026-03-01');
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('form[action$="/referrals"] button[type="submit"]')]);
  assert.ok((await page.textContent('main')).includes('Kotoutumiskoulutus – Kansanopisto Oy'));
  assert.equal((await page.textContent('.referral-status')).trim(), 'Ehdotettu');
  await assertAccessible(page, 'ehdotettu lähete');

  // Toinen välilehti jää vanhaan tilaan.
  const stale = await context.newPage();
  await stale.goto(page.url());

  await Promise.all([page.waitForURL(/\/referrals$/), page.click('button:has-text("Merkitse lähetetyksi")')]);
  assert.equal((await page.textContent('.referral-status')).trim(), 'Lähetetty');
  await Promise.all([page.waitForURL(/\/referrals$/), page.click('button:has-text("Merkitse hyväksytyksi")')]);
  assert.equal((await page.textContent('.referral-status')).trim(), 'Hyväksytty');
  assert.ok(await page.isVisible('button:has-text("Merkitse aloitetuksi")'));
  await assertAccessible(page, 'hyväksytty lähete');

  // Vanhalta sivulta "lähetetty" uudelleen: ei mahdollinen.
  await stale.click('button:has-text("Merkitse lähetetyksi")');
  await stale.waitForSelector('#error-summary');
  assert.ok((await stale.textContent('#error-summary')).includes('Tämä vaihe ei ole mahdollinen'));
  assert.equal((await stale.textContent('.referral-status')).trim(), 'Hyväksytty');
  await assertAccessible(stale, 'mahdoton vaihe');

  // Kortilta pääsee lähetteisiin ja takaisin.
  await page.goto(card);
  await assertAccessible(page, 'asiakaskortti');
  await context.close();

  // Esihenkilö: lähetteet palveluntuottajittain.
  const sup = await browser.newContext({ locale: 'fi-FI' });
  const sp = await sup.newPage();
  await login(sp, koto.url, 'e2e.esihenkilo');
  await sp.goto(koto.url + '/referrals');
  await assertAccessible(sp, 'palveluntuottajalista ilman valintaa');
  await sp.selectOption('#f-provider', { label: 'Kansanopisto Oy' });
  await Promise.all([sp.waitForURL(/provider=opisto/), sp.click('form[action="/referrals"] button[type="submit"]')]);
  const main = await sp.textContent('main');
  assert.ok(main.includes('Lähetettävä, Leena') && main.includes('Hyväksytty'), main);
  await assertAccessible(sp, 'palveluntuottajan lähetteet');
  await sup.close();
});
