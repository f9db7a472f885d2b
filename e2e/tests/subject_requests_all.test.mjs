// Every kind of data-subject request that subject_requests.test.mjs does
// not cover, completed by the data-protection officer in the browser, in
// Finnish, within the deadline of GDPR art. 12(3): each is registered
// today, shows its due date one month ahead, has the requester's identity
// verified, and is completed today. (a) rectification: a caseworker
// corrects the field in the client form, the officer records what was
// done and grants, the letter says so; (b) restriction: the officer
// follows the request's link to the restriction page, places it, grants,
// and the caseworker sees the banner; (c) portability: the JSON download
// from the request page carries the client's name, then delivered and
// granted; (d) objection: routed to the responsible caseworker, who sees
// it on /me, then refused with reasons, and the letter names the right to
// complain to the Data Protection Ombudsman; (e) consent withdrawal: a
// caseworker records a consent, the officer withdraws it through the
// request's link and grants, and the consent shows as withdrawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
async function newClient(firstNames, lastName, hetu) {
  const res = await fetch(koto.url + '/api/v1/clients', {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ firstNames, lastName, birthDate: `19${hetu.slice(4, 6)}-${hetu.slice(2, 4)}-${hetu.slice(0, 2)}`, hetu }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id;
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

async function caseworker() {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  return { context, page };
}

// helsinkiToday is today's date in Finland, yyyy-mm-dd.
const helsinkiToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });

// dueText is the deadline of a request received on iso (yyyy-mm-dd) as
// the Finnish page writes it: one month later, the same day number or
// the month's last day (31.1. → 28./29.2.).
function dueText(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const ny = m === 12 ? y + 1 : y, nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${Math.min(d, last)}.${nm}.${ny}`;
}

const requestURL = /\/subject-requests\/[a-z2-7]{26}$/;

// register records a request of kind received today by letter, checks
// the due date one month ahead, and verifies the requester's identity.
// It returns the request page's address.
async function registerAndVerify(page, clientID, kind, details) {
  await page.goto(koto.url + `/clients/${clientID}/subject-requests`);
  await page.selectOption('select[name="kind"]', kind);
  await page.selectOption('select[name="channel"]', 'letter');
  await page.fill('input[name="received"]', helsinkiToday());
  if (details) await page.fill('textarea[name="details"]', details);
  await Promise.all([page.waitForURL(requestURL), page.click('main form[action$="/subject-requests"] button[type="submit"]')]);
  const url = page.url();
  const due = page.locator('dl.request-facts div', { hasText: 'Määräpäivä' });
  assert.match(await due.textContent(), new RegExp(dueText(helsinkiToday()).replaceAll('.', '\\.')));
  assert.match(await page.textContent('#request-status'), /Vastaanotettu/);
  await page.selectOption('select[name="method"]', 'id_document');
  await Promise.all([page.waitForURL(url), page.click('#form-identity button[type="submit"]')]);
  assert.match(await page.textContent('#request-identity'), /Henkilöllisyystodistus/);
  return url;
}

// decide records the decision (with reasons and what was done, if given)
// and checks the request is completed today, not overdue.
async function decide(page, url, decision, { reason, outcome } = {}) {
  if (page.url() !== url) await page.goto(url);
  await page.selectOption('select[name="decision"]', decision);
  if (reason) await page.fill('#form-decision textarea[name="reason"]', reason);
  if (outcome) await page.fill('#form-decision textarea[name="outcome"]', outcome);
  await Promise.all([page.waitForURL(url), page.click('#form-decision button[type="submit"]')]);
  assert.equal(await page.locator('#error-summary').count(), 0, 'the decision is accepted');
  assert.doesNotMatch(await page.textContent('main'), /Myöhässä/);
}

// openLetter follows the request page's link to its response letter.
async function openLetter(page, url) {
  const path = new URL(url).pathname;
  await Promise.all([page.waitForURL(url + '/letter'), page.click(`a[href="${path}/letter"]`)]);
  return page.textContent('main');
}

test('rectification: the caseworker corrects the field, the officer grants and answers', async () => {
  const id = await newClient('Oona', 'Virheellinen', testHETU(6, 6, 86, 961));
  const { context, page } = await officer();
  const url = await registerAndVerify(page, id, 'rectification', 'Sukunimeni on kirjoitettu väärin: oikein Virtanen.');
  assert.match(await page.textContent('h1'), /Tietojen oikaisu/);
  await assertAccessible(page, 'verified rectification request');

  // The caseworker corrects the name in the client form.
  const cw = await caseworker();
  await cw.page.goto(koto.url + `/clients/${id}/edit`);
  await cw.page.fill('input[name="lastName"]', 'Virtanen');
  await Promise.all([cw.page.waitForURL(koto.url + `/clients/${id}`), cw.page.click('main form button[type="submit"]')]);
  assert.match(await cw.page.textContent('main'), /Virtanen/);
  await cw.context.close();

  await decide(page, url, 'granted', { outcome: 'Sukunimi korjattu muotoon Virtanen.' });
  assert.match(await page.textContent('#request-status'), /Valmis · Hyväksytty/);
  assert.match(await page.textContent('main'), /Sukunimi korjattu muotoon Virtanen\./);
  const letter = await openLetter(page, url);
  assert.match(letter, /Vastaus rekisteröidyn pyyntöön/);
  assert.match(letter, /Tietojen oikaisu/);
  assert.match(letter, /Pyyntösi on hyväksytty ja toteutettu/);
  assert.match(letter, /Sukunimi korjattu muotoon Virtanen\./);
  await assertAccessible(page, 'rectification letter');
  await context.close();
});

test('restriction: placed from the request, granted, and the caseworker sees the banner', async () => {
  const id = await newClient('Raili', 'Rajoitettava', testHETU(7, 7, 87, 962));
  const { context, page } = await officer();
  const url = await registerAndVerify(page, id, 'restriction', 'Kiistän osoitetietojeni oikeellisuuden.');

  await Promise.all([page.waitForURL(koto.url + `/clients/${id}/restriction`), page.click(`a[href="/clients/${id}/restriction"]`)]);
  await page.selectOption('select[name="ground"]', 'accuracy_contested');
  await page.fill('textarea[name="reason"]', 'Osoitteen oikeellisuus tarkistetaan.');
  await page.fill('input[name="requestId"]', new URL(url).pathname.split('/').pop());
  await Promise.all([page.waitForURL(koto.url + `/clients/${id}/restriction`), page.click('main form[action$="/restriction"] button[type="submit"]')]);
  assert.match(await page.textContent('main'), /Käsittelyä on rajoitettu/);

  await decide(page, url, 'granted', { outcome: 'Käsittelyä rajoitettu, kunnes osoite on tarkistettu.' });
  assert.match(await page.textContent('#request-status'), /Valmis · Hyväksytty/);
  await assertAccessible(page, 'completed restriction request');
  await context.close();

  const cw = await caseworker();
  await cw.page.goto(koto.url + `/clients/${id}`);
  assert.match(await cw.page.textContent('#restriction-banner'), /Käsittelyä rajoitettu/);
  await cw.context.close();
});

test('portability: the JSON is downloaded from the request page, delivered and granted', async () => {
  const id = await newClient('Pirjo', 'Siirtäjä', testHETU(8, 8, 88, 963));
  const { context, page } = await officer();
  const url = await registerAndVerify(page, id, 'portability');
  assert.doesNotMatch(await page.textContent('main'), /\/api\/v1\//, 'no API path for the officer to type');
  await assertAccessible(page, 'verified portability request');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/clients/${id}/portability.json"]`)]);
  assert.equal(download.suggestedFilename(), 'portability.json');
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.identity.id, id);
  assert.equal(doc.identity.firstNames, 'Pirjo');
  assert.equal(doc.identity.lastName, 'Siirtäjä');
  assert.deepEqual(Object.keys(doc).sort(), ['background', 'consents', 'generated', 'identity']);
  assert.equal(page.url(), url, 'the download leaves the request page open');

  await Promise.all([page.waitForURL(url), page.click('#form-delivered button[type="submit"]')]);
  assert.ok((await page.textContent('#request-delivered')).trim().length > 0, 'delivery recorded');
  await decide(page, url, 'granted');
  assert.match(await page.textContent('#request-status'), /Valmis · Hyväksytty/);
  await assertAccessible(page, 'completed portability request');
  await context.close();
});

test('objection: routed to the caseworker, refused with reasons, the letter names the Ombudsman', async () => {
  const id = await newClient('Veikko', 'Vastustaja', testHETU(9, 9, 89, 964));
  const { context, page } = await officer();
  const url = await registerAndVerify(page, id, 'objection', 'Vastustan tietojeni käsittelyä kotoutumisen seurannassa.');

  await page.selectOption('#form-handler select[name="handler"]', { label: 'e2e.ohjaaja' });
  await Promise.all([page.waitForURL(url), page.click('#form-handler button[type="submit"]')]);
  assert.match(await page.textContent('main'), /Käsittelijä\s*e2e\.ohjaaja/);

  const cw = await caseworker();
  await cw.page.goto(koto.url + '/me');
  const routed = cw.page.locator('ul.routed-requests li', { hasText: 'Vastustaja' });
  assert.equal(await routed.count(), 1, 'the routed objection is on /me');
  assert.match(await routed.textContent(), /Vastustamisoikeus/);
  assert.match(await routed.textContent(), new RegExp(dueText(helsinkiToday()).replaceAll('.', '\\.')));
  await assertAccessible(cw.page, '/me with a routed objection');
  await cw.context.close();

  await decide(page, url, 'refused', { reason: 'Käsittely perustuu lakisääteiseen tehtävään (kotoutumislaki 681/2023).' });
  assert.match(await page.textContent('#request-status'), /Hylätty/);
  const letter = await openLetter(page, url);
  assert.match(letter, /Pyyntöäsi ei voida toteuttaa/);
  assert.match(letter, /lakisääteiseen tehtävään/);
  assert.match(letter, /tietosuojavaltuutetun toimisto/);
  assert.match(letter, /tuomioistuimelta/);
  await assertAccessible(page, 'objection refusal letter');
  await context.close();
});

test('consent withdrawal: the officer withdraws the consent through the request', async () => {
  const id = await newClient('Kaisa', 'Peruuttaja', testHETU(10, 10, 90, 965));
  const cw = await caseworker();
  await cw.page.goto(koto.url + `/clients/${id}/consents`);
  await cw.page.selectOption('select[name="type"]', 'after-integration-period');
  await cw.page.fill('input[name="given"]', helsinkiToday());
  await cw.page.selectOption('select[name="channel"]', 'in-person');
  await Promise.all([cw.page.waitForURL(koto.url + `/clients/${id}/consents`), cw.page.click('main form[method="post"] button[type="submit"]')]);
  assert.match(await cw.page.locator('article.note').textContent(), /voimassa/);

  const { context, page } = await officer();
  const url = await registerAndVerify(page, id, 'consent_withdrawal', 'Peruutan suostumukseni käsittelyyn kotoutumisajan jälkeen.');
  await Promise.all([page.waitForURL(koto.url + `/clients/${id}/consents`), page.click(`a[href="/clients/${id}/consents"]`)]);
  const item = page.locator('article.note', { hasText: 'Käsittely kotoutumisajan jälkeen' });
  await Promise.all([page.waitForURL(/\/withdraw$/), item.locator('a[href$="/withdraw"]').click()]);
  await page.selectOption('select[name="channel"]', 'paper');
  await Promise.all([page.waitForURL(/\/consents#consent-/), page.click('main form button[type="submit"]')]);
  assert.match(await item.textContent(), /peruutettu/);

  await decide(page, url, 'granted', { outcome: 'Suostumus peruutettu.' });
  assert.match(await page.textContent('#request-status'), /Valmis · Hyväksytty/);
  await assertAccessible(page, 'completed consent withdrawal request');
  await context.close();

  // The caseworker sees the consent withdrawn.
  await cw.page.goto(koto.url + `/clients/${id}/consents`);
  const text = await cw.page.locator('article.note', { hasText: 'Käsittely kotoutumisajan jälkeen' }).textContent();
  assert.match(text, /peruutettu/);
  assert.equal(await cw.page.locator('a[href$="/withdraw"]').count(), 0, 'no second withdrawal');
  await cw.context.close();
});
