// One person, one record: a caseworker registers a person again without a
// HETU; a supervisor merges that record into the one with the HETU, sees
// the "merged, not confirmed" banner, undoes, merges again, and a second
// supervisor confirms. axe must be clean on every state; Finnish, with
// one screen in Swedish and one in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.esihenkilo2', '--role', 'supervisor', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function newPage(locale = 'fi-FI') {
  const context = await browser.newContext({ locale });
  return context.newPage();
}

const cardPattern = /\/clients\/[a-z2-7]{26}$/;

test('a supervisor merges, undoes, merges again; another confirms', async () => {
  const hetu = testHETU(15, 3, 90, 913);
  const sup = await newPage();
  await login(sup, koto.url, 'e2e.esihenkilo');
  await sup.goto(koto.url + '/clients/new');
  await sup.fill('input[name="hetu"]', hetu);
  await sup.fill('input[name="firstNames"]', 'Muhammad');
  await sup.fill('input[name="lastName"]', 'Hassan');
  await Promise.all([sup.waitForURL(cardPattern), sup.click('main form button[type="submit"]')]);
  const survivorURL = sup.url();

  // The caseworker registers the person again, without a HETU and with
  // another spelling: the form warns of a possible duplicate first.
  const cw = await newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="birthDate"]', '1990-03-15');
  await cw.fill('input[name="firstNames"]', 'Mohammed');
  await cw.fill('input[name="lastName"]', 'Hasan');
  await cw.fill('input[name="phone"]', '+358 40 765 4321');
  await cw.click('main form button[type="submit"]');
  assert.match(await cw.textContent('main'), /Muhammad Hassan|Hassan, Muhammad/);
  await assertAccessible(cw, 'duplicate warning');
  await cw.check('input[name="confirmDuplicate"]');
  await Promise.all([cw.waitForURL(cardPattern), cw.click('main form button[type="submit"]')]);
  const mergedURL = cw.url();
  const mergedID = mergedURL.split('/').pop();

  // Setting the HETU on the second record: 409, ask a supervisor.
  await cw.goto(mergedURL + '/edit');
  await cw.fill('input[name="hetu"]', hetu);
  await cw.fill('input[name="birthDate"]', '');
  await cw.click('main form button[type="submit"]');
  assert.match(await cw.textContent('main'), /pyydä esihenkilöä yhdistämään/);
  await assertAccessible(cw, 'HETU taken, caseworker');

  // The supervisor finds the candidates from the card and compares.
  await sup.goto(survivorURL);
  await sup.click('a[href$="/merge"]');
  assert.match(await sup.textContent('main'), /Mohammed Hasan|Hasan, Mohammed/);
  await assertAccessible(sup, 'merge candidates');
  await sup.click(`a[href$="merge?with=${mergedID}"]`);
  assert.match(await sup.textContent('h1'), /Tietueiden yhdistäminen/);
  assert.ok(await sup.isChecked('input[name="choice.name"][value="survivor"]'), 'the HETU record\'s name is the default');
  await assertAccessible(sup, 'merge comparison');
  await Promise.all([sup.waitForURL(survivorURL), sup.click('main form button[type="submit"]')]);
  assert.match(await sup.textContent('main'), /Yhdistetty, ei vahvistettu/);
  assert.match(await sup.textContent('main'), /\+358 40 765 4321/);
  await assertAccessible(sup, 'card with the merge banner');

  // The merged-away record leads to the survivor.
  await sup.goto(mergedURL);
  assert.equal(sup.url(), survivorURL);

  // Undo: both records are back.
  await Promise.all([sup.waitForURL(survivorURL), sup.click('form[action$="/merge/undo"] button')]);
  assert.doesNotMatch(await sup.textContent('main'), /Yhdistetty, ei vahvistettu/);
  await assertAccessible(sup, 'card after undo');
  await sup.goto(mergedURL);
  assert.equal(sup.url(), mergedURL);
  assert.match(await sup.textContent('h1'), /Mohammed Hasan/);

  // Merge again; the merger cannot confirm their own.
  await sup.goto(`${survivorURL}/merge?with=${mergedID}`);
  await Promise.all([sup.waitForURL(survivorURL), sup.click('main form button[type="submit"]')]);
  assert.equal(await sup.locator('form[action$="/merge/confirm"]').count(), 0);

  // A second supervisor, in Swedish, confirms.
  const sup2 = await newPage('sv-SE');
  await login(sup2, koto.url, 'e2e.esihenkilo2');
  await sup2.goto(survivorURL);
  assert.match(await sup2.textContent('main'), /Sammanslagen, inte bekräftad/);
  await assertAccessible(sup2, 'merge banner in Swedish');
  await Promise.all([sup2.waitForURL(survivorURL), sup2.click('form[action$="/merge/confirm"] button')]);
  assert.doesNotMatch(await sup2.textContent('main'), /Sammanslagen, inte bekräftad/);

  // In English: the merge page of the record finds no other record now.
  const en = await newPage('en-GB');
  await login(en, koto.url, 'e2e.esihenkilo');
  await en.goto(survivorURL + '/merge');
  assert.match(await en.textContent('main'), /No records that look like the same person/);
  await assertAccessible(en, 'merge candidates in English');
});
