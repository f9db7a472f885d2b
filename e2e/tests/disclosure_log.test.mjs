// The organisation's disclosure log in Finnish and English: a national
// repository export (the CLI, as the operator runs it) is recorded as a
// disclosure of each client exported; the data-protection officer sees it
// on the log by name — kind, recipient, basis, client — filters it, and
// downloads the CSV; a caseworker has neither the menu item nor the page.
// axe finds nothing on any of these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
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

// api sends a JSON request with the supervisor's token.
async function api(token, method, p, body) {
  const res = await fetch(koto.url + '/api/v1' + p, {
    method, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${p}: ${res.status} ${text}`);
  return JSON.parse(text);
}

test('an export shows on the disclosure log by name, filtered and as CSV', async () => {
  const token = koto.cli(['token', 'create', '--username', 'e2e.esihenkilo']).trim().split('\n').pop();
  const c = await api(token, 'POST', '/clients', { firstNames: 'Leena', lastName: 'Luovutettava', birthDate: '1987-07-07', hetu: testHETU(7, 7, 87, 961) });
  await api(token, 'POST', `/clients/${c.id}/plans`, { kind: 'basic', startDate: '2026-01-01', endDate: '2026-12-31', goals: ['Suomen kieli B1.1'] });
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  koto.cli(['export', 'national-repository', '--org', '240', '--from', today, '--to', today, '--out', path.join(koto.dataDir, 'export.json')]);

  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await loginOfficer(page);
  await Promise.all([page.waitForURL(/\/disclosure-log$/), page.click('nav a[href="/disclosure-log"]')]);
  assert.match(await page.textContent('h1'), /Luovutusloki/);
  const row = page.locator('tbody tr', { hasText: 'Luovutettava' });
  assert.equal(await row.count(), 1, 'one disclosure of the exported client');
  const text = await row.textContent();
  assert.match(text, /Vienti/);
  assert.match(text, /Kansallinen kotoutumisen tietovaranto/);
  assert.match(text, /Lakiin perustuva oikeus/);
  assert.match(text, /Luovutettava, Leena/);
  assert.match(text, /Tiedosto/);
  assert.doesNotMatch(text, /\bexport\b|\blaw\b|\bfile\b/);
  await assertAccessible(page, 'disclosure log');

  // Filters: another kind shows nothing, the export's kind the row again.
  await page.selectOption('select[name="kind"]', 'provider');
  await Promise.all([page.waitForURL(/kind=provider/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('main'), /Ei luovutuksia näillä ehdoilla/);
  await assertAccessible(page, 'disclosure log, no rows');
  await page.selectOption('select[name="kind"]', 'export');
  await Promise.all([page.waitForURL(/kind=export/), page.click('main form button[type="submit"]')]);
  assert.equal(await page.locator('tbody tr', { hasText: 'Luovutettava' }).count(), 1);

  // The CSV of the same filters.
  const href = await page.getAttribute('a[href^="/disclosure-log.csv"]', 'href');
  assert.match(href, /kind=export/);
  const csv = await page.request.get(koto.url + href);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  const body = await csv.text();
  assert.match(body, /Luovutettava, Leena/);
  assert.match(body, /Vienti/);

  // In English the names are English.
  const en = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await loginOfficer(en);
  await en.goto(koto.url + '/disclosure-log');
  assert.match(await en.textContent('tbody'), /Export/);
  assert.match(await en.textContent('tbody'), /A right given by law/);
  await assertAccessible(en, 'disclosure log in English');
});

test('a caseworker has no disclosure log', async () => {
  const page = await (await browser.newContext({ locale: 'fi-FI' })).newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  assert.equal(await page.locator('nav a[href="/disclosure-log"]').count(), 0);
  const res = await page.goto(koto.url + '/disclosure-log');
  assert.equal(res.status(), 403);
});
