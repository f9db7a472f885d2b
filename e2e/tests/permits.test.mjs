// Residence permits on their own page, in Finnish, Swedish and English: a
// granted permit on refugee status and a pending application are added and
// shown by name on the card; the script hides what does not apply; an
// impossible combination (sent as a browser without the script would)
// comes back with the error at the field that makes it impossible. axe
// finds nothing on any of these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

const languages = [
  { lang: 'fi', locale: 'fi-FI', refugee: 'Pakolaisasema', classA: 'A (jatkuva)', pending: 'Vireillä', family: 'Oleskelulupa perhesiteen perusteella',
    notForClass: 'Tämän luokan lupaa ei myönnetä tällä perusteella', individual: 941 },
  { lang: 'sv', locale: 'sv-FI', refugee: 'Flyktingstatus', classA: 'A (kontinuerligt)', pending: 'Anhängig', family: 'Uppehållstillstånd på grund av familjeband',
    notForClass: 'Ett tillstånd av denna klass beviljas inte på denna grund', individual: 943 },
  { lang: 'en', locale: 'en-GB', refugee: 'Refugee status', classA: 'A (continuous)', pending: 'Pending', family: 'Residence permit on family ties',
    notForClass: 'A permit of this class is not granted on this ground', individual: 945 },
];

for (const l of languages) {
  test(`permits on their own page (${l.lang})`, async () => {
    const context = await browser.newContext({ locale: l.locale });
    const page = await context.newPage();
    await login(page, koto.url, 'e2e.ohjaaja');
    assert.equal(await page.getAttribute('html', 'lang'), l.lang);

    await page.goto(koto.url + '/clients/new');
    await page.fill('input[name="hetu"]', testHETU(14 + ['fi', 'sv', 'en'].indexOf(l.lang), 2, 88, l.individual));
    await page.fill('input[name="firstNames"]', 'Samir');
    await page.fill('input[name="lastName"]', 'Luvanhaltija-' + l.lang);
    await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
    const cardURL = page.url();
    assert.equal(await page.locator('form select[name="kind"]').count(), 0, 'no permit fields on the client form');

    // A granted permit on refugee status.
    await Promise.all([page.waitForURL(/\/permits\/new$/), page.click('a[href$="/permits/new"]')]);
    await assertAccessible(page, `new permit form (${l.lang})`);
    assert.ok(await page.isHidden('#f-class-wrap'), 'class hidden while pending');
    assert.ok(await page.isHidden('#f-decisionDate-wrap'), 'decision date hidden while pending');
    await page.selectOption('select[name="kind"]', 'first');
    await page.fill('input[name="applicationDate"]', '2023-01-10');
    await page.selectOption('select[name="outcome"]', 'granted');
    assert.ok(await page.isVisible('#f-class-wrap'), 'class shown when granted');
    await page.fill('input[name="decisionDate"]', '2023-06-01');
    await page.selectOption('select[name="class"]', 'A');
    await page.selectOption('select[name="ground"]', 'refugee_status');
    assert.ok(await page.isHidden('#f-familyTieBeforeArrival-wrap'), 'family tie only for family ground');
    await page.fill('input[name="validFrom"]', '2023-06-01');
    await page.fill('input[name="validTo"]', '2027-05-31');
    await assertAccessible(page, `filled permit form (${l.lang})`);
    await Promise.all([page.waitForURL(cardURL + '#h-permits'), page.click('form.permit-form button[type="submit"]')]);
    const permits = page.locator('section[aria-labelledby="h-permits"]');
    assert.match(await permits.textContent(), new RegExp(l.refugee));
    assert.match(await permits.textContent(), new RegExp(l.classA.replace(/[()]/g, '\\$&')));
    assert.doesNotMatch(await permits.textContent(), /refugee_status|granted/);

    // A pending application on family ties, the tie before arrival.
    await Promise.all([page.waitForURL(/\/permits\/new$/), page.click('a[href$="/permits/new"]')]);
    await page.selectOption('select[name="kind"]', 'family');
    await page.fill('input[name="applicationDate"]', '2025-11-03');
    await page.selectOption('select[name="ground"]', 'family');
    assert.ok(await page.isVisible('#f-familyTieBeforeArrival-wrap'), 'family tie shown for family ground');
    await page.check('input[name="familyTieBeforeArrival"]');
    await Promise.all([page.waitForURL(cardURL + '#h-permits'), page.click('form.permit-form button[type="submit"]')]);
    assert.match(await permits.textContent(), new RegExp(l.pending));
    assert.match(await permits.textContent(), new RegExp(l.family));
    await assertAccessible(page, `card with permits (${l.lang})`);

    // An impossible combination, as a browser without the script sends it.
    await page.route('**/static/permit_form.js', (r) => r.abort());
    await page.goto(cardURL + '/permits/new');
    assert.ok(await page.isVisible('#f-class-wrap'), 'without the script every field shows');
    await page.selectOption('select[name="kind"]', 'temporary_protection');
    await page.selectOption('select[name="outcome"]', 'granted');
    await page.fill('input[name="decisionDate"]', '2022-04-01');
    await page.selectOption('select[name="class"]', 'temporary_protection');
    await page.selectOption('select[name="ground"]', 'work');
    await page.fill('input[name="validFrom"]', '2022-04-01');
    await page.click('form.permit-form button[type="submit"]');
    await page.waitForSelector('#error-summary');
    assert.match(await page.textContent('#error-summary'), new RegExp(l.notForClass));
    assert.equal(await page.getAttribute('#error-summary a', 'href'), '#f-ground');
    assert.equal(await page.getAttribute('#f-ground', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('input[name="decisionDate"]'), '2022-04-01', 'typed values kept');
    await assertAccessible(page, `permit form with an error (${l.lang})`);
    await page.unroute('**/static/permit_form.js');
    await context.close();
  });
}
