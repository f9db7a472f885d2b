// The data-protection officer's requests in Finnish (GDPR arts. 12–22):
// (a) an access request from receipt to the exported report — registered,
// identity verified, the report opened (HTML) and downloaded (PDF), marked
// delivered and completed, the response letter opened; (b) an erasure —
// verified, erased, the client answers 404 to its caseworker and the
// request shows as completed; (c) an overdue request is highlighted on
// /dpo in words. axe finds nothing on the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

let koto, browser, token;
before(async () => {
  koto = await startKoto();
  koto.cli(['user', 'add', '--org', '240', '--username', 'e2e.tietosuoja', '--role', 'dpo', '--password-stdin'], PASSWORD + '\n');
  token = koto.cli(['token', 'create', '--username', 'e2e.ohjaaja']).trim().split('\n').pop();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

// newClient registers a client through the API as the caseworker (who
// becomes responsible for it) and returns its id.
async function newClient(lastName, hetu) {
  const res = await fetch(koto.url + '/api/v1/clients', {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ firstNames: 'Tiina', lastName, birthDate: hetuBirth(hetu), hetu }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id;
}

function hetuBirth(h) {
  return `19${h.slice(4, 6)}-${h.slice(2, 4)}-${h.slice(0, 2)}`;
}

async function officer() {
  const context = await browser.newContext({ locale: 'fi-FI', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(koto.url + '/login');
  await page.fill('input[name="username"]', 'e2e.tietosuoja');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(/\/dpo$/), page.click('form[action="/login"] button[type="submit"]')]);
  return { context, page };
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

async function register(page, clientID, kind, received) {
  await page.goto(koto.url + `/clients/${clientID}/subject-requests`);
  await page.selectOption('select[name="kind"]', kind);
  await page.selectOption('select[name="channel"]', 'letter');
  await page.fill('input[name="received"]', received);
  await Promise.all([page.waitForURL(/\/subject-requests\/[a-z2-7]{26}$/), page.click('main form[action$="/subject-requests"] button[type="submit"]')]);
  return page.url();
}

async function verify(page) {
  await page.selectOption('select[name="method"]', 'id_document');
  await Promise.all([page.waitForURL(/\/subject-requests\/[a-z2-7]{26}$/), page.click('#form-identity button[type="submit"]')]);
  assert.match(await page.textContent('#request-identity'), /Henkilöllisyystodistus/);
}

test('an access request from receipt to the exported report', async () => {
  const id = await newClient('Tarkastaja', testHETU(3, 3, 83, 957));
  const { context, page } = await officer();
  assert.match(await page.textContent('h1'), /Tietosuojavastaavan työtila/);
  await assertAccessible(page, 'DPO workspace');

  // Without a kind the form comes back, values kept, the error in Finnish.
  await page.goto(koto.url + `/clients/${id}/subject-requests`);
  await page.selectOption('select[name="channel"]', 'email');
  await page.fill('input[name="received"]', today());
  await page.click('main form[action$="/subject-requests"] button[type="submit"]');
  assert.equal(await page.locator('#error-summary').count(), 1);
  assert.equal(await page.inputValue('select[name="channel"]'), 'email');
  await assertAccessible(page, 'request form with errors');

  const url = await register(page, id, 'access', today());
  let main = await page.textContent('main');
  assert.match(main, /Tarkastusoikeus/);
  assert.match(main, /Vastaanotettu/);
  assert.match(main, /Pyyntöä ei voi ratkaista ennen kuin pyytäjän henkilöllisyys on varmistettu/);
  assert.doesNotMatch(main, /\baccess\b|\bletter\b|received/);
  assert.equal(await page.locator('#form-decision').count(), 0, 'no decision before identity');
  await assertAccessible(page, 'new access request');
  await verify(page);

  // The report: the HTML page, then the PDF download.
  await Promise.all([page.waitForURL(/\/export$/), page.click(`a[href="/clients/${id}/export"]`)]);
  assert.match(await page.textContent('h1'), /Rekisteröidyn tiedot/);
  assert.match(await page.textContent('main'), /Tarkastaja/);
  assert.match(await page.textContent('main'), /Rekisteröidyn pyynnöt/);
  await page.goto(url);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/clients/${id}/export.pdf"]`)]);
  assert.equal(download.suggestedFilename(), 'access-report.pdf');

  await Promise.all([page.waitForURL(url), page.click('#form-delivered button[type="submit"]')]);
  assert.ok((await page.textContent('#request-delivered')).trim().length > 0, 'delivery recorded');
  await page.selectOption('select[name="decision"]', 'granted');
  await Promise.all([page.waitForURL(url), page.click('#form-decision button[type="submit"]')]);
  assert.match(await page.textContent('#request-status'), /Valmis · Hyväksytty/);
  await assertAccessible(page, 'completed access request');

  await Promise.all([page.waitForURL(url + '/letter'), page.click(`a[href="${new URL(url).pathname}/letter"]`)]);
  main = await page.textContent('main');
  assert.match(main, /Vastaus rekisteröidyn pyyntöön/);
  assert.match(main, /Pyyntösi on hyväksytty ja toteutettu/);
  assert.match(main, /Kemi/);
  await assertAccessible(page, 'response letter');
  await context.close();
});

test('an erasure request erases the client, and the request shows as completed', async () => {
  const id = await newClient('Poistettava', testHETU(4, 4, 84, 958));
  const { context, page } = await officer();
  const url = await register(page, id, 'erasure', today());
  await verify(page);
  assert.match(await page.textContent('main'), /poistaa asiakkaan kaikki tiedot pysyvästi/);
  await page.selectOption('select[name="decision"]', 'granted');
  await Promise.all([page.waitForURL(url), page.click('#form-decision button[type="submit"]')]);
  assert.match(await page.textContent('#request-status'), /Valmis · Hyväksytty/);
  const main = await page.textContent('main');
  assert.match(main, /Asiakas on poistettu/);
  assert.doesNotMatch(main, /Poistettava/);
  await assertAccessible(page, 'erased request');
  await context.close();

  const cwContext = await browser.newContext({ locale: 'fi-FI' });
  const cw = await cwContext.newPage();
  await login(cw, koto.url, 'e2e.ohjaaja');
  const res = await cw.goto(koto.url + `/clients/${id}`);
  assert.equal(res.status(), 404);
  await cwContext.close();
});

test('an overdue request is highlighted on the workspace', async () => {
  const id = await newClient('Myohastynyt', testHETU(5, 5, 85, 959));
  const { context, page } = await officer();
  const d = new Date();
  d.setMonth(d.getMonth() - 2);
  await register(page, id, 'rectification', d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' }));
  await page.goto(koto.url + '/dpo');
  const row = page.locator('tbody tr', { hasText: 'Myohastynyt' });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /Myöhässä/);
  assert.match(await row.textContent(), /Tietojen oikaisu/);
  assert.match(await page.textContent('.dpo-counts'), /Myöhässä: 1/);
  await assertAccessible(page, 'workspace with an overdue request');
  await context.close();
});
