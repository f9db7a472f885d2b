// Attachments in Finnish: a caseworker uploads a small PDF on a client,
// sees it listed by its category's name, downloads it (a file to save,
// never shown: Content-Disposition attachment with a name the server
// chose), and a web page disguised as a PDF and a file over the size
// limit are refused with the Finnish message at the file while the other
// fields stay as typed. axe finds
// nothing on these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKoto, launchBrowser, login, assertAccessible, testHETU } from './harness.mjs';

let koto, browser;
before(async () => {
  koto = await startKoto();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await koto?.stop(); });

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% e2e-liite\ntrailer << /Root 1 0 R >>\n%%EOF\n');

test('a PDF is uploaded, listed and downloaded; a disguised page is refused', async () => {
  const context = await browser.newContext({ locale: 'fi-FI', acceptDownloads: true });
  const page = await context.newPage();
  await login(page, koto.url, 'e2e.ohjaaja');
  await page.goto(koto.url + '/clients/new');
  await page.fill('input[name="hetu"]', testHETU(5, 5, 87, 953));
  await page.fill('input[name="firstNames"]', 'Leila');
  await page.fill('input[name="lastName"]', 'Liitteinen');
  await Promise.all([page.waitForURL(/\/clients\/[a-z2-7]{26}$/), page.click('main form button[type="submit"]')]);
  const attachmentsURL = page.url() + '/attachments';

  await Promise.all([page.waitForURL(attachmentsURL), page.click('a[href$="/attachments"]')]);
  assert.match(await page.textContent('h1'), /Liitteet/);
  assert.match(await page.textContent('main'), /Asiakkaalle ei ole tallennettu liitteitä/);
  await assertAccessible(page, 'empty attachments page');

  // A web page named .pdf: refused, the message in Finnish at the file,
  // the title kept.
  await page.selectOption('select[name="category"]', 'certificate');
  await page.fill('input[name="title"]', 'Kielitodistus');
  await page.setInputFiles('input[name="file"]', { name: 'todistus.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>') });
  await page.click('main form[method="post"] button[type="submit"]');
  assert.equal(await page.locator('#error-summary').count(), 1, 'error summary shown');
  assert.match(await page.textContent('#f-file-error'), /ei ole PDF-, PNG- eikä JPEG-tiedosto/);
  assert.equal(await page.inputValue('input[name="title"]'), 'Kielitodistus');
  assert.equal(await page.inputValue('select[name="category"]'), 'certificate');
  await assertAccessible(page, 'upload form with errors');

  // Over the 10 MiB limit: the answer arrives (no reset connection), in
  // Finnish, with the title kept.
  const big = Buffer.concat([pdf, Buffer.alloc(11 * 1024 * 1024, 0x30)]);
  await page.setInputFiles('input[name="file"]', { name: 'iso.pdf', mimeType: 'application/pdf', buffer: big });
  await page.click('main form[method="post"] button[type="submit"]');
  assert.match(await page.textContent('#f-file-error'), /Tiedosto on liian suuri\. Suurin sallittu koko on 10 Mt\./);
  assert.equal(await page.inputValue('input[name="title"]'), 'Kielitodistus');

  await page.setInputFiles('input[name="file"]', { name: 'todistus.pdf', mimeType: 'application/pdf', buffer: pdf });
  await Promise.all([page.waitForURL(attachmentsURL), page.click('main form[method="post"] button[type="submit"]')]);
  const row = page.locator('table.attachment-list tbody tr', { hasText: 'Kielitodistus' });
  assert.equal(await row.count(), 1, 'listed');
  const text = await row.textContent();
  assert.match(text, /Todistus/);
  assert.match(text, /PDF/);
  assert.doesNotMatch(text, /certificate/);
  await assertAccessible(page, 'attachments page with an attachment');

  // The download: a file with the server's name, the same bytes.
  const link = row.locator('a[href$="/content"]');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^liite-[a-z2-7]{26}\.pdf$/);
  const saved = await download.path();
  const { readFile } = await import('node:fs/promises');
  assert.deepEqual(await readFile(saved), pdf);
  const res = await context.request.get(koto.url + await link.getAttribute('href'));
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-disposition'], /^attachment; filename="liite-[a-z2-7]{26}\.pdf"$/);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.equal(res.headers()['x-content-type-options'], 'nosniff');
  await context.close();
});
