// Layout in every staff language: the card, the client list, the forms
// (one with errors), the login page, the access log, the review queue and
// the teams page in Finnish, Swedish and English at 1280×800 and 360×740.
// No label may overlap its value and axe must be clean on every state.
// Then the journeys this layout work added: revealing a masked HETU (and
// its access-log entry), the teams page, and the TOTP QR code's name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, axeViolations, testHETU, overlaps, newPageIn, LANGUAGES } from './harness.mjs';

let koto, browser, cardURL;
const hetu = testHETU(1, 2, 85, '904');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } };

before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
  const page = await newPageIn(browser, koto.url, 'fi');
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', hetu);
  await page.fill('input[name="firstNames"]', 'Marie-Claire Ngozi');
  await page.fill('input[name="lastName"]', 'Abdirahman-Korhonen');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  cardURL = page.url();
  await page.context().close();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function check(page, what) {
  const o = await overlaps(page);
  assert.deepEqual(o, [], `overlapping label and value on ${what}:\n${o.join('\n')}`);
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe violations on ${what}:\n${v.join('\n')}`);
}

for (const lang of LANGUAGES) {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    test(`layout in ${lang} at ${viewport.width}px`, async () => {
      const page = await newPageIn(browser, koto.url, lang, viewport);
      await page.goto(koto.url + '/login');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.ok(await page.locator('#login-logged-notice').isVisible(), 'the login page says use is logged');
      await check(page, `login (${lang}, ${size})`);
      await login(page, koto.url, 'e2e.esihenkilo');
      for (const [path, what] of [['', 'client list'], ['/clients/new', 'new-client form'], [cardURL.slice(koto.url.length), 'card'],
        [cardURL.slice(koto.url.length) + '/access-log', 'access log'], ['/review', 'review queue'], ['/teams', 'teams'],
        ['/accessibility', 'accessibility statement'], ['/privacy', 'privacy notice']]) {
        await page.goto(koto.url + (path || '/clients'));
        await check(page, `${what} (${lang}, ${size})`);
      }
      // The card's HETU row: the Swedish label is long; it must not cover the value.
      await page.goto(cardURL);
      const [label, value] = await Promise.all([page.locator('#hetu-row dt').boundingBox(), page.locator('#hetu-value').boundingBox()]);
      assert.ok(label.x + label.width <= value.x + 1 || label.y + label.height <= value.y + 1, `HETU label covers the value (${lang}, ${size})`);
      // A form with errors.
      await page.goto(koto.url + '/clients/new');
      await page.fill('input[name="hetu"]', '010190-9001');
      await Promise.all([page.waitForLoadState(), page.click('main form button[type="submit"]')]);
      assert.ok(await page.locator('#error-summary').count() > 0, 'the form shows its errors');
      await check(page, `new-client form with errors (${lang}, ${size})`);
      await page.context().close();
    });
  }
}

test('HETU is masked until revealed, and the reveal is logged', async () => {
  const page = await newPageIn(browser, koto.url, 'fi');
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(cardURL);
  assert.equal(await page.textContent('#hetu-value'), hetu.slice(0, 7) + '****');
  assert.ok(!(await page.content()).includes(hetu), 'the full HETU is not on the card');
  await Promise.all([page.waitForLoadState(), page.click('#hetu-row button')]);
  assert.equal(await page.textContent('#hetu-value'), hetu);
  await check(page, 'card with the HETU revealed');
  await page.goto(cardURL);
  assert.equal(await page.textContent('#hetu-value'), hetu.slice(0, 7) + '****', 'masked again on the next view');

  const sup = await newPageIn(browser, koto.url, 'fi');
  await login(sup, koto.url, 'e2e.esihenkilo');
  await sup.goto(cardURL + '/access-log');
  const log = await sup.textContent('main table');
  assert.match(log, /Henkilötunnuksen näyttäminen/);
  assert.match(log, /koko henkilötunnus/);
  await page.context().close();
  await sup.context().close();
});

test('teams: create, add a member by name, put the client in the team', async () => {
  const page = await newPageIn(browser, koto.url, 'fi');
  await login(page, koto.url, 'e2e.esihenkilo');
  await page.goto(koto.url + '/teams');
  await Promise.all([page.waitForLoadState(), page.click('form[action="/teams"] button[type="submit"]')]);
  assert.ok(await page.locator('#error-summary').count() > 0, 'an empty name is an error');
  await check(page, 'teams with an error');
  await page.fill('input[name="name"]', 'Pohjoinen tiimi');
  await Promise.all([page.waitForURL(/done=created/), page.click('form[action="/teams"] button[type="submit"]')]);
  const add = page.locator('form[action$="/members"]').first();
  await add.locator('select').selectOption({ label: 'e2e.ohjaaja' });
  await Promise.all([page.waitForURL(/done=added/), add.locator('button').click()]);
  assert.match(await page.textContent('main'), /e2e\.ohjaaja/);
  await check(page, 'teams with a member');
  await page.goto(cardURL);
  await page.locator('#f-teamId').selectOption({ label: 'Pohjoinen tiimi' });
  await Promise.all([page.waitForLoadState(), page.click('form[action$="/team"] button')]);
  assert.equal(await page.locator('#f-teamId option:checked').textContent(), 'Pohjoinen tiimi');
  await check(page, 'card with a team');
  await page.context().close();
});

test('the TOTP page shows a QR image with an accessible name', async () => {
  for (const lang of LANGUAGES) {
    const page = await newPageIn(browser, koto.url, lang, VIEWPORTS.phone);
    await login(page, koto.url, 'e2e.ohjaaja');
    await page.goto(koto.url + '/account/totp');
    const name = { fi: 'QR-koodi todennussovellukselle', sv: 'QR-kod för autentiseringsappen', en: 'QR code for the authenticator app' }[lang];
    const qr = page.getByRole('img', { name });
    assert.equal(await qr.count(), 1);
    const box = await qr.boundingBox();
    assert.ok(box.width >= 150 && box.width <= 360, `QR code ${box.width}px wide`);
    assert.ok((await page.textContent('#totp-secret')).length >= 32, 'the secret is still there for manual entry');
    await check(page, `TOTP enrolment (${lang})`);
    await page.context().close();
  }
});
