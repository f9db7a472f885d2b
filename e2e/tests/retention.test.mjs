// Legal hold and the retention page in Finnish: the data protection
// officer puts a client on legal hold with a reference, sees the client
// on /retention with the rules in words, previews what the retention job
// would delete as of a day (class names, never codes), and clears the
// hold. axe finds nothing on any of these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.tietosuoja', '--role', 'dpo', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('the DPO sets a legal hold, sees it on the retention page, previews the dry run and clears the hold', async () => {
  const cwContext = await browser.newContext({ locale: 'fi-FI' });
  const cw = await cwContext.newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="hetu"]', testHETU(6, 6, 86, 957));
  await cw.fill('input[name="firstNames"]', 'Pirkko');
  await cw.fill('input[name="lastName"]', 'Pidätetty');
  await Promise.all([cw.waitForURL(/\/clients\/[a-z2-7]{26}$/), cw.click('main form button[type="submit"]')]);
  const holdURL = cw.url() + '/retention-hold';
  await cwContext.close();

  const context = await browser.newContext({ locale: 'fi-FI' });
  const dpo = await context.newPage();
  // The officer has no client list: the start page is another one.
  await dpo.goto(koto.url + '/login');
  await dpo.fill('input[name="username"]', 'e2e.tietosuoja');
  await dpo.fill('input[name="password"]', PASSWORD);
  await Promise.all([dpo.waitForURL((u) => !u.pathname.startsWith('/login')), dpo.click('form[action="/login"] button[type="submit"]')]);
  await dpo.goto(holdURL);
  assert.match(await dpo.textContent('h1'), /Säilytysvelvoite/);
  assert.match(await dpo.textContent('#hold-state'), /ei ole säilytysvelvoitetta/);
  await assertAccessible(dpo, 'hold page, no hold');

  // Without a reason the form comes back with the error at its field.
  await dpo.click('main form[action$="/retention-hold"] button[type="submit"]');
  assert.match(await dpo.textContent('#error-summary'), /syy/i);
  await assertAccessible(dpo, 'hold form with errors');

  await dpo.fill('input[name="reason"]', 'Helsingin HO S 26/1234');
  await Promise.all([dpo.waitForURL(holdURL), dpo.click('main form[action$="/retention-hold"] button[type="submit"]')]);
  assert.match(await dpo.textContent('#hold-state'), /on säilytysvelvoite/);
  assert.match(await dpo.textContent('#hold-reason'), /Helsingin HO S 26\/1234/);
  await assertAccessible(dpo, 'hold page, held');

  await dpo.goto(koto.url + '/retention');
  assert.match(await dpo.textContent('h1'), /Säilytys/);
  const held = await dpo.textContent('#held-clients');
  assert.match(held, /Pidätetty, Pirkko/);
  assert.match(held, /Helsingin HO S 26\/1234/);
  const main = await dpo.textContent('main');
  assert.match(main, /Käyttöloki/);
  assert.match(main, /12 täyttä kalenterivuotta/);
  assert.match(main, /30 vuotta kotoutumispalvelujen päättymisestä/);
  await assertAccessible(dpo, 'retention page');

  await dpo.fill('input[name="as_of"]', '2060-01-01');
  await Promise.all([dpo.waitForURL(/\/retention\?as_of=2060-01-01/), dpo.click('main form[action="/retention"] button[type="submit"]')]);
  const preview = await dpo.textContent('#preview');
  assert.match(preview, /Asiakastiedot/);
  assert.match(preview, /Kirjautumisistunnot/);
  assert.match(preview, /Käyttöloki/);
  assert.doesNotMatch(preview, /access_log|saved_form|api_token/);
  await assertAccessible(dpo, 'retention preview');

  await dpo.goto(holdURL);
  await Promise.all([dpo.waitForURL(holdURL), dpo.click('main form[action$="/retention-hold/removal"] button[type="submit"]')]);
  assert.match(await dpo.textContent('#hold-state'), /ei ole säilytysvelvoitetta/);
  await dpo.goto(koto.url + '/retention');
  assert.match(await dpo.textContent('main'), /Yhdelläkään asiakkaalla ei ole säilytysvelvoitetta/);
  await context.close();
});
