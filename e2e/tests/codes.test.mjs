// Code pickers: a caseworker finds a language and a country by typing its
// name in any of Finnish, Swedish or English, the form posts the code, and
// the card shows the names in the user's language. axe is clean on the form
// (with the filter in use, and with errors) and on the card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

async function useLanguage(page, lang) {
  await page.selectOption('#lang-select', lang);
  await Promise.all([page.waitForLoadState('load'), page.click('form.lang-switch button[type="submit"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

// Each run types names in another language than the page's.
const runs = [
  { lang: 'fi', individual: 941, language: ['Persian', 'fa', 'persia'], country: ['Syria', 'SY', 'Syyria'], card: ['persia', 'Syyria'] },
  { lang: 'sv', individual: 942, language: ['ukraina', 'uk', 'ukrainska'], country: ['Afganistan', 'AF', 'Afghanistan'], card: ['ukrainska', 'Afghanistan'] },
  { lang: 'en', individual: 943, language: ['tigrinja', 'ti', 'Tigrinya'], country: ['Somalia', 'SO', 'Somalia'], card: ['Tigrinya', 'Somalia'] },
];

for (const run of runs) {
  test(`pick a language and a country by name (${run.lang})`, async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await login(page, koto.url, 'e2e.ohjaaja');
    await useLanguage(page, run.lang);
    await page.goto(koto.url + '/clients/new');
    await page.fill('input[name="hetu"]', testHETU(9 + runs.indexOf(run), 10, 91, run.individual));
    await page.fill('input[name="firstNames"]', 'Koodi');
    await page.fill('input[name="lastName"]', `Valittava-${run.lang}`);

    const [typedLang, langCode, langName] = run.language;
    await page.fill('#f-motherTongue-filter', typedLang);
    assert.equal(await page.inputValue('#f-motherTongue'), langCode);
    assert.equal((await page.textContent('#f-motherTongue option:checked')).trim(), langName);
    assert.match(await page.textContent('#f-motherTongue-filter-status'), /\d/);

    const [typedCountry, countryCode, countryName] = run.country;
    await page.fill('#f-citizenships-filter', typedCountry);
    assert.equal(await page.inputValue('#f-citizenships'), countryCode);
    assert.equal((await page.textContent('#f-citizenships option:checked')).trim(), countryName);
    await assertAccessible(page, `the form with the filter in use (${run.lang})`);

    // Enter in the filter chooses, it does not send the form.
    await page.press('#f-citizenships-filter', 'Enter');
    assert.match(page.url(), /\/clients\/new$/);

    await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
    const main = await page.textContent('main');
    for (const name of run.card) { assert.ok(main.includes(name), `card lacks ${name}`); }
    assert.ok(!/\b(fa|uk|ti|SY|AF|SO)\b/.test(await page.textContent('.card-grid')), 'card shows a raw code');
    await assertAccessible(page, `the card (${run.lang})`);
    await context.close();
  });
}

test('the form keeps the picked codes when it comes back with errors', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="firstNames"]', 'Virhe');
  await page.fill('#f-homeMunicipality-filter', 'Helsingfors');
  assert.equal(await page.inputValue('#f-homeMunicipality'), '091');
  await page.click('main form button[type="submit"]');
  await page.waitForSelector('#error-summary');
  assert.equal(await page.inputValue('#f-homeMunicipality'), '091');
  await assertAccessible(page, 'the form with errors');
  await context.close();
});
