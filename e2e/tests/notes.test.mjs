// Case notes in Finnish: a caseworker writes a note and amends it, and the
// amended note still shows its original under which the amendment is
// marked; a sensitive note opens for its responsible caseworker for a
// stated purpose and stays hidden from a caseworker who opened the client
// with a stated reason. axe finds nothing on any of these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.sijainen', '--role', 'caseworker', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function newPage() {
  const context = await browser.newContext({ locale: 'fi-FI' });
  return context.newPage();
}

test('an amended note shows its original; a sensitive note is hidden without the right', async () => {
  const page = await newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(3, 3, 87, 951));
  await page.fill('input[name="firstNames"]', 'Amina');
  await page.fill('input[name="lastName"]', 'Kirjattava');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const cardURL = page.url();
  const notesURL = cardURL + '/notes';

  await Promise.all([page.waitForURL(notesURL), page.click(`a[href$="/notes"]`)]);
  assert.match(await page.textContent('h1'), /Asiakaskirjaukset/);
  assert.match(await page.textContent('main'), /Asiakkaalla ei ole vielä kirjauksia/);
  await assertAccessible(page, 'empty notes page');

  // A note without text comes back with the error at its field.
  await page.selectOption('select[name="type"]', 'home-visit');
  await page.fill('input[name="date"]', '2025-10-01');
  await page.click('main form[method="post"] button[type="submit"]');
  assert.equal(await page.locator('#error-summary').count(), 1, 'error summary shown');
  assert.equal(await page.inputValue('select[name="type"]'), 'home-visit');
  await assertAccessible(page, 'note form with errors');

  await page.fill('textarea[name="text"]', 'Kotikäynnillä sovittiin kielikurssin aloituksesta.');
  await Promise.all([page.waitForURL(notesURL), page.click('main form[method="post"] button[type="submit"]')]);
  const first = page.locator('article.note', { hasText: 'kielikurssin' });
  assert.match(await first.textContent(), /Kotikäynti/);
  assert.match(await first.textContent(), /1\.10\.2025/);
  assert.doesNotMatch(await first.textContent(), /home-visit/);

  // Amend it: the original stays, the amendment is marked under it.
  await Promise.all([page.waitForURL(/\/amend$/), first.locator('a[href$="/amend"]').click()]);
  assert.match(await page.textContent('main'), /Alkuperäinen kirjaus/);
  await assertAccessible(page, 'amendment form');
  await page.fill('textarea[name="text"]', 'Korjaus: kurssi alkaa vasta marraskuussa.');
  await Promise.all([page.waitForURL(/\/notes#note-/), page.click('main form button[type="submit"]')]);
  const amended = page.locator('article.note', { hasText: 'kielikurssin' });
  const text = await amended.textContent();
  assert.match(text, /Kotikäynnillä sovittiin kielikurssin aloituksesta\./, 'the original is kept');
  assert.match(text, /Täydennykset/);
  assert.match(text, /Korjaus: kurssi alkaa vasta marraskuussa\./);
  assert.ok(text.indexOf('kielikurssin aloituksesta') < text.indexOf('Korjaus:'), 'the amendment under the original');
  await assertAccessible(page, 'notes page with an amended note');

  // A sensitive note: hidden until a purpose is stated.
  await page.selectOption('select[name="type"]', 'counselling');
  await page.fill('input[name="date"]', '2025-10-02');
  await page.fill('textarea[name="text"]', 'Terveydentila: univaikeuksia, lääkäri tavattu.');
  await page.check('input[name="sensitive"]');
  await Promise.all([page.waitForURL(notesURL), page.click('main form[method="post"] button[type="submit"]')]);
  assert.doesNotMatch(await page.textContent('main'), /univaikeuksia/);
  assert.match(await page.textContent('main'), /avaa valitsemalla käyttötarkoitus/);
  await assertAccessible(page, 'notes page with a closed sensitive note');
  await page.selectOption('select[name="purpose"]', 'client_meeting');
  await Promise.all([page.waitForURL(/purpose=client_meeting/), page.click('form[method="get"] button[type="submit"]')]);
  assert.match(await page.textContent('main'), /univaikeuksia/);
  assert.match(await page.textContent('main'), /Asiakastapaaminen|käyttötarkoituksella/);
  await assertAccessible(page, 'notes page with the sensitive note opened');

  // A caseworker who opens the client with a stated reason sees that the
  // sensitive note exists, not what it says, even with a purpose.
  const other = await newPage();
  await login(other, koto.url, 'e2e.sijainen');
  const res = await other.goto(notesURL);
  assert.equal(res.status(), 403);
  await other.selectOption('select[name="reasonCode"]', 'substitute');
  await other.fill('textarea[name="text"]', 'Sijaistan vastuuohjaajaa tämän viikon.');
  await Promise.all([other.waitForURL(cardURL), other.click('main form button[type="submit"]')]);
  await other.goto(notesURL);
  assert.match(await other.textContent('main'), /kielikurssin/);
  assert.doesNotMatch(await other.textContent('main'), /univaikeuksia/);
  assert.match(await other.textContent('main'), /teksti ei näy sinulle/);
  await assertAccessible(other, 'notes page without the right');
  await other.goto(notesURL + '?purpose=client_meeting');
  assert.doesNotMatch(await other.textContent('main'), /univaikeuksia/);
});
