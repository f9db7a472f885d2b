// A client moves from Kemi to Tornio: Kemi's supervisor requests the
// transfer from the client card; Tornio cannot open the client before it
// accepts; Tornio's supervisor accepts on the transfers page and the
// client opens in Tornio with the records; Kemi's record stays, with the
// service ended "moved away". Names, never codes; axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  koto.cli(['org', 'add', '--code', '851', '--name', 'Tornio', '--kind', 'municipality']);
  koto.cli(['user', 'add', '--org', '851', '--username', 'e2e.tornio', '--role', 'supervisor', '--password-stdin'], PASSWORD + '\n');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

test('Kemi transfers a client to Tornio, which accepts', async () => {
  const kemi = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await login(kemi, koto.url, 'e2e.esihenkilo');
  await kemi.goto(koto.url + '/clients/new');
  await kemi.fill('input[name="hetu"]', testHETU(7, 8, 88, 964));
  await kemi.fill('input[name="firstNames"]', 'Muuttaja');
  await kemi.fill('input[name="lastName"]', 'Siirtola');
  await Promise.all([kemi.waitForURL(/\/clients\/[a-z2-7]{26}$/), kemi.click('main form button[type="submit"]')]);
  const kemiClient = kemi.url();

  // The request, from the card.
  await Promise.all([kemi.waitForURL(/\/transfer$/), kemi.click('a[href$="/transfer"]')]);
  assert.match(await kemi.textContent('h1'), /Siirto toiseen kuntaan/);
  await assertAccessible(kemi, 'transfer request form');
  await kemi.selectOption('select[name="to"]', { label: 'Tornio' });
  await Promise.all([kemi.waitForURL(/\/transfers$/), kemi.click('main form button[type="submit"]')]);
  let out = await kemi.locator('section[aria-labelledby="h-outgoing"]').textContent();
  assert.match(out, /Vastaanottaja: Tornio/);
  assert.match(out, /odottaa/);
  assert.doesNotMatch(out, /requested|851/);
  await assertAccessible(kemi, 'transfers page of the sender');

  // Tornio sees a request without the person and cannot open the client.
  const tornio = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await login(tornio, koto.url, 'e2e.tornio');
  const denied = await tornio.goto(kemiClient);
  assert.equal(denied.status(), 404, 'the receiver cannot read the client before accepting');
  await tornio.goto(koto.url + '/transfers');
  const incoming = tornio.locator('section[aria-labelledby="h-incoming"]');
  const text = await incoming.textContent();
  assert.match(text, /Lähettäjä: Kemi/);
  assert.doesNotMatch(text, /Siirtola|Muuttaja/, 'nothing of the person before acceptance');
  await assertAccessible(tornio, 'transfers page of the receiver');
  await Promise.all([tornio.waitForURL(/\/clients\/[a-z2-7]{26}$/), incoming.locator('form[action$="/acceptance"] button').click()]);
  assert.match(await tornio.textContent('h1'), /Muuttaja Siirtola/);
  assert.notEqual(tornio.url(), kemiClient, 'Tornio has a client of its own');
  await assertAccessible(tornio, 'the transferred client in Tornio');

  // Kemi's record remains, its service ended: moved away.
  await kemi.goto(kemiClient);
  assert.match(await kemi.textContent('main'), /muutti pois kunnasta/);
  await kemi.goto(koto.url + '/transfers');
  out = await kemi.locator('section[aria-labelledby="h-outgoing"]').textContent();
  assert.match(out, /hyväksytty/);
});
