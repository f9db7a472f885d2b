// Forms that never lose work (ADR 18): the idle warning and "stay signed
// in" (shared between tabs), a section form submitted after the session
// expired comes back after login, the confirmation after a save, and the
// error summary that names each field — in Finnish, Swedish and English,
// axe-clean in every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, assertAccessible, testHETU, PASSWORD } from './harness.mjs';

const IDLE = 20; // seconds: the warning comes a third of it before the end
let koto, browser;
before(async () => { koto = await startKoto({ args: ['--session-idle', `${IDLE}s`] }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await koto?.stop(); });

const text = {
  fi: { saved: 'Tiedot tallennettu.', lastName: 'Sukunimi', required: 'Pakollinen tieto.', stay: 'Jatka istuntoa' },
  sv: { saved: 'Uppgifterna har sparats.', lastName: 'Efternamn', required: null, stay: 'Fortsätt sessionen' },
  en: { saved: 'Changes saved.', lastName: 'Last name', required: null, stay: 'Stay signed in' },
};

// flashText waits for the confirmation's live region to be filled.
async function flashText(page) {
  await page.waitForFunction(() => (document.getElementById('flash')?.textContent || '').trim() !== '');
  return (await page.textContent('#flash')).trim();
}

async function submitLogin(page) {
  await page.fill('input[name="username"]', 'e2e.ohjaaja');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(/\/(clients|me)(\/|\?|$)/), page.click('form[action="/login"] button[type="submit"]')]);
}

const individual = { fi: 941, sv: 942, en: 943 };

for (const lang of ['fi', 'sv', 'en']) {
  test(`a form survives an expired session, with warning and confirmation (${lang})`, async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'koto_lang', value: lang, url: koto.url }]);
    const page = await context.newPage();
    const t = text[lang];
    await page.goto(koto.url + '/login');
    await submitLogin(page);

    // Register a client: the card confirms the save in a live region.
    await page.goto(koto.url + '/clients/new');
    await page.fill('#f-hetu', testHETU(12 + ['fi', 'sv', 'en'].indexOf(lang), 5, 88, individual[lang]));
    await page.fill('#f-firstNames', 'Leila');
    await page.fill('#f-lastName', `Lomake-${lang}`);
    await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
    const card = page.url();
    assert.equal(await flashText(page), t.saved);
    await assertAccessible(page, `card with confirmation (${lang})`);

    await page.click(`a[href$="/edit/identity"]`);
    await page.waitForURL(/\/edit\/identity$/);

    // The warning comes before the idle timeout, in every tab; staying
    // signed in in one tab clears it in the other.
    const other = await context.newPage();
    await other.goto(card);
    await page.waitForSelector('#session-warning:not([hidden])', { timeout: IDLE * 1000 });
    await other.waitForSelector('#session-warning:not([hidden])', { timeout: IDLE * 1000 });
    assert.equal(await page.getAttribute('#session-warning', 'role'), 'alertdialog');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'session-stay');
    await assertAccessible(page, `idle warning (${lang})`);
    const [res] = await Promise.all([page.waitForResponse(/\/session\/keepalive$/), page.click('#session-stay')]);
    assert.equal(res.status(), 200);
    await page.waitForSelector('#session-warning[hidden]', { state: 'attached' });
    await other.waitForSelector('#session-warning[hidden]', { state: 'attached', timeout: 5000 });
    await other.close();

    // Type, and let the session expire under the form.
    await page.fill('#f-lastName', `Palautettu-${lang}`);
    await page.waitForFunction(() => document.getElementById('session-stay').hidden, null, { timeout: (IDLE + 3) * 1000 });
    await page.waitForTimeout(1500); // past the server's own deadline
    await assertAccessible(page, `session ended (${lang})`);
    await Promise.all([page.waitForURL(/\/login\?next=/), page.click('main form button[type="submit"]')]);
    assert.ok(await page.locator('main .notice[role="status"]').count() === 1, 'the login page says the changes are kept');
    await assertAccessible(page, `login with kept form (${lang})`);

    // Log in: back on the section form with the typed value, not saved yet.
    await submitLogin(page);
    assert.match(page.url(), /\/edit\/identity$/);
    assert.equal(await page.inputValue('#f-lastName'), `Palautettu-${lang}`);
    await assertAccessible(page, `restored form (${lang})`);

    // The identity section: errors name the field, link to it, take focus.
    await page.fill('#f-lastName', '');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('#error-summary');
    const link = page.locator('#error-summary a[href="#f-lastName"]');
    assert.match(await link.textContent(), new RegExp(`^${t.lastName}: `));
    if (t.required) assert.equal(await link.textContent(), `${t.lastName}: ${t.required}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
    assert.equal(await page.getAttribute('#f-lastName', 'aria-describedby'), 'f-lastName-error');
    await assertAccessible(page, `section form with errors (${lang})`);

    await page.fill('#f-lastName', `Palautettu-${lang}`);
    await Promise.all([page.waitForURL(card), page.click('main form button[type="submit"]')]);
    assert.equal(await flashText(page), t.saved);
    assert.match(await page.textContent('main h1'), new RegExp(`Palautettu-${lang}`));
    await context.close();
  });
}
