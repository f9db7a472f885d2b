// Restriction of processing (GDPR art. 18) in Finnish: the
// data-protection officer restricts a client's processing; the caseworker
// sees the banner on the client card, tries to edit the client and to
// add a note and is refused with the reason on the form, which keeps what
// was typed; the data are unchanged. The officer lifts the restriction and
// the caseworker's edit then goes through. axe finds nothing on any of
// these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.tietosuoja', '--role', 'dpo', '--password-stdin'], PASSWORD + '\n');
});
after(async () => { await browser?.close(); await koto?.stop(); });

// loginOfficer logs the data-protection officer in; the officer has no
// client list, so the start page is another one than login's.
async function loginOfficer(page) {
  await page.goto(koto.url + '/login');
  await page.fill('input[name="username"]', 'e2e.tietosuoja');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type="submit"]')]);
}

test('a restricted client is kept but not changed until the officer lifts the restriction', async () => {
  const cwContext = await browser.newContext({ locale: 'fi-FI' });
  const cw = await cwContext.newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="hetu"]', testHETU(7, 7, 87, 957));
  await cw.fill('input[name="firstNames"]', 'Riikka');
  await cw.fill('input[name="lastName"]', 'Rajattu');
  await Promise.all([cw.waitForURL(/\/clients\/[a-z2-7]{26}$/), cw.click('main form button[type="submit"]')]);
  const cardURL = cw.url();
  assert.equal(await cw.locator('#restriction-banner').count(), 0, 'no banner before a restriction');

  // The officer restricts processing.
  const dpoContext = await browser.newContext({ locale: 'fi-FI' });
  const dpo = await dpoContext.newPage();
  await loginOfficer(dpo);
  const restrictionURL = cardURL + '/restriction';
  await dpo.goto(restrictionURL);
  assert.match(await dpo.textContent('h1'), /Käsittelyn rajoittaminen/);
  assert.match(await dpo.textContent('main'), /Käsittelyä ei ole rajoitettu/);
  await assertAccessible(dpo, 'restriction page without a restriction');
  await dpo.selectOption('select[name="ground"]', 'accuracy_contested');
  await dpo.fill('textarea[name="reason"]', 'Asiakas kiistää osoitetietonsa oikeellisuuden.');
  await dpo.fill('input[name="requestId"]', 'DSR-2026-14');
  await Promise.all([dpo.waitForURL(restrictionURL), dpo.click('main form[action$="/restriction"] button[type="submit"]')]);
  const main = await dpo.textContent('main');
  assert.match(main, /Käsittelyä on rajoitettu/);
  assert.match(main, /Asiakas kiistää tietojen paikkansapitävyyden/);
  assert.match(main, /DSR-2026-14/);
  assert.doesNotMatch(main, /accuracy_contested/);
  await assertAccessible(dpo, 'restriction page with an active restriction');

  // The caseworker sees the banner, as status text.
  await cw.goto(cardURL);
  const banner = cw.locator('#restriction-banner');
  assert.equal(await banner.getAttribute('role'), 'status');
  assert.match(await banner.textContent(), /Käsittelyä rajoitettu .* alkaen: tiedot säilytetään, mutta niitä ei saa muuttaa eikä luovuttaa\. Lisätietoja: tietosuojavastaava\./);
  await assertAccessible(cw, 'client card with the restriction banner');

  // An edit is refused with the reason; the form keeps what was typed.
  await cw.goto(cardURL + '/edit');
  await cw.fill('input[name="lastName"]', 'Muutettu');
  await cw.click('main form button[type="submit"]');
  assert.match(await cw.textContent('main'), /Käsittelyä on rajoitettu/);
  assert.match(await cw.textContent('main'), /vain tietosuojavastaava/i);
  assert.equal(await cw.inputValue('input[name="lastName"]'), 'Muutettu');
  await assertAccessible(cw, 'refused edit');

  // So is a note.
  await cw.goto(cardURL + '/notes');
  await cw.selectOption('select[name="type"]', 'phone');
  await cw.fill('input[name="date"]', '2025-10-01');
  await cw.fill('textarea[name="text"]', 'Asiakas soitti rajoituksesta.');
  await cw.click('main form[method="post"] button[type="submit"]');
  assert.match(await cw.textContent('#error-summary'), /Käsittelyä on rajoitettu/);
  assert.equal(await cw.inputValue('textarea[name="text"]'), 'Asiakas soitti rajoituksesta.');
  await assertAccessible(cw, 'refused note');

  // Nothing changed.
  await cw.goto(cardURL);
  assert.match(await cw.textContent('main'), /Rajattu/);
  assert.doesNotMatch(await cw.textContent('main'), /Muutettu/);

  // The officer lifts it; the banner goes and the edit goes through.
  await dpo.goto(restrictionURL);
  await dpo.fill('textarea[name="reason"]', 'Osoite tarkistettu väestötietojärjestelmästä.');
  await Promise.all([dpo.waitForURL(restrictionURL), dpo.click('main form[action$="/removal"] button[type="submit"]')]);
  assert.match(await dpo.textContent('main'), /Käsittelyä ei ole rajoitettu/);
  assert.match(await dpo.textContent('main'), /Osoite tarkistettu väestötietojärjestelmästä/);

  await cw.goto(cardURL + '/edit');
  assert.equal(await cw.locator('#restriction-banner').count(), 0, 'no banner after the lifting');
  await cw.fill('input[name="lastName"]', 'Muutettu');
  await Promise.all([cw.waitForURL(cardURL), cw.click('main form button[type="submit"]')]);
  assert.match(await cw.textContent('main'), /Muutettu/);
  await cwContext.close();
  await dpoContext.close();
});
