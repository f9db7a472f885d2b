// Authority requests in Finnish: a caseworker records a police request
// for a client's data from the client card ("Tietopyynnöt"), naming the
// provision; the supervisor approves it (four eyes: not the one who
// recorded it) and the approval is recorded as a disclosure, whose content
// the supervisor downloads as JSON (the content matches its hash) and as
// a PDF. Names, never codes; axe finds nothing on any of these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('a caseworker records a request, the supervisor approves it and the disclosure is recorded', async () => {
  const cwContext = await browser.newContext({ locale: 'fi-FI' });
  const cw = await cwContext.newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  await cw.goto(koto.url + '/clients/new');
  await cw.fill('input[name="hetu"]', testHETU(5, 5, 85, 953));
  await cw.fill('input[name="firstNames"]', 'Pyry');
  await cw.fill('input[name="lastName"]', 'Pyydetty');
  await Promise.all([cw.waitForURL(/\/clients\/[a-z2-7]{26}$/), cw.click('main form button[type="submit"]')]);
  const requestsURL = cw.url() + '/disclosure-requests';

  await Promise.all([cw.waitForURL(requestsURL), cw.click('a[href$="/disclosure-requests"]')]);
  assert.match(await cw.textContent('h1'), /Tietopyynnöt/);
  assert.match(await cw.textContent('main'), /Asiakkaasta ei ole kirjattu tietopyyntöjä/);
  await assertAccessible(cw, 'empty requests page');

  // Without the provision the form comes back with the error at its field.
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  await cw.fill('input[name="requester"]', 'Lapin poliisilaitos, rikostutkinta');
  await cw.fill('input[name="received"]', today);
  await cw.selectOption('select[name="channel"]', 'secure-email');
  await cw.check('input[name="item-card"]');
  await cw.check('input[name="item-permits"]');
  await cw.click('main form[action$="/disclosure-requests"] button[type="submit"]');
  assert.equal(await cw.locator('#error-summary').count(), 1, 'error summary shown');
  assert.match(await cw.textContent('#error-summary'), /Nimeä säännös, johon pyyntö perustuu/);
  await assertAccessible(cw, 'request form with errors');

  await cw.fill('input[name="provision"]', 'Poliisilaki 872/2011 4 luku 3 §');
  await Promise.all([cw.waitForURL(requestsURL), cw.click('main form[action$="/disclosure-requests"] button[type="submit"]')]);
  let item = cw.locator('article.note', { hasText: 'Lapin poliisilaitos' });
  let text = await item.textContent();
  assert.match(text, /Ratkaisematta/);
  assert.match(text, /Poliisilaki 872\/2011 4 luku 3 §/);
  assert.match(text, /Oleskeluluvat/);
  assert.match(text, /Suojattu sähköposti/);
  assert.doesNotMatch(text, /secure-email|permits/);
  assert.equal(await cw.locator('form.decide-form').count(), 0, 'a caseworker does not decide');
  await assertAccessible(cw, 'requests page with an open request');
  await cwContext.close();

  // The supervisor approves it.
  const supContext = await browser.newContext({ locale: 'fi-FI', acceptDownloads: true });
  const sup = await supContext.newPage();
  await login(sup, koto.url, 'e2e.esihenkilo');
  await sup.goto(requestsURL);
  await assertAccessible(sup, 'requests page with the decide form');
  item = sup.locator('article.note', { hasText: 'Lapin poliisilaitos' });
  await item.locator('select[name="decision"]').selectOption('approve');
  await Promise.all([sup.waitForURL(requestsURL), item.locator('form.decide-form button[type="submit"]').click()]);
  item = sup.locator('article.note', { hasText: 'Lapin poliisilaitos' });
  text = await item.textContent();
  assert.match(text, /Hyväksytty/);
  assert.match(text, /Luovutus on kirjattu asiakkaan luovutuslokiin/);
  await assertAccessible(sup, 'requests page with an approved request');

  // The recorded disclosure: the JSON download holds the content its hash
  // covers, the card asked for and nothing else.
  const href = await item.locator('a[href$="/disclosure.json"]').getAttribute('href');
  const res = await sup.request.get(koto.url + href);
  assert.equal(res.status(), 200);
  const doc = await res.json();
  assert.equal(doc.provision, 'Poliisilaki 872/2011 4 luku 3 §');
  assert.equal(doc.recipient, 'Lapin poliisilaitos, rikostutkinta');
  assert.deepEqual(doc.items, ['card', 'permits']);
  assert.equal(doc.content.card.lastName, 'Pyydetty');
  assert.deepEqual(Object.keys(doc.content).sort(), ['card', 'permits']);
  const raw = (await res.text()).match(/"content":(\{.*\})\}\n?$/s)[1];
  assert.equal(doc.contentHash, 'sha256:' + createHash('sha256').update(raw).digest('hex'));
  const [download] = await Promise.all([sup.waitForEvent('download'), item.locator('a[href$="/disclosure.pdf"]').click()]);
  assert.match(download.suggestedFilename(), /^disclosure-[a-z2-7]{26}\.pdf$/);
  await supContext.close();
});
