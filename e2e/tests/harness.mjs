// Test harness: builds nothing (CI builds e2e/koto), starts a real
// `koto serve` on a free loopback port with a temporary data directory,
// creates organisations and staff through the CLI, and launches Debian's
// Chromium through playwright-core. Nothing is downloaded.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
const koto = process.env.KOTO_BIN || path.join(here, '..', 'koto');
export const PASSWORD = 'e2e-salasana-pitka-2026';

function cli(dataDir, args, input) {
  const r = spawnSync(koto, [...args, '--data-dir', dataDir], { input, encoding: 'utf8', env: { ...process.env, KOTO_DATABASE_URL: '' } });
  if (r.status !== 0) throw new Error(`koto ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// startKoto starts a server. The older journeys log in with a password
// alone, so the second factor is not required unless asked for
// (mfaRequired: true makes caseworkers enrol TOTP first, as in production).
// freePort asks the system for a free TCP port on 127.0.0.1.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// startKoto starts `koto serve` on a fresh SQLite database. With webauthn
// the server is configured as WebAuthn relying party "localhost" and its
// url is http://localhost:PORT (WebAuthn needs a secure context, which
// localhost is, and a domain as RP ID, which 127.0.0.1 is not).
export async function startKoto({ mfaRequired = false, webauthn = false, args: extra = [] } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'koto-e2e-'));
  cli(dataDir, ['org', 'add', '--code', '240', '--name', 'Kemi', '--kind', 'municipality']);
  cli(dataDir, ['org', 'add', '--code', '430', '--name', 'Loimaa', '--kind', 'municipality']);
  for (const [org, user, role] of [['240', 'e2e.ohjaaja', 'caseworker'], ['240', 'e2e.esihenkilo', 'supervisor'], ['430', 'e2e.loimaa', 'caseworker']]) {
    cli(dataDir, ['user', 'add', '--org', org, '--username', user, '--role', role, '--password-stdin'], PASSWORD + '\n');
  }
  const args = ['serve', '--addr', '127.0.0.1:0', '--data-dir', dataDir, `--mfa-required=${mfaRequired}`];
  let port = 0;
  if (webauthn) {
    port = await freePort();
    args[2] = `127.0.0.1:${port}`;
    args.push('--webauthn-rp-id', 'localhost', '--webauthn-origin', `http://localhost:${port}`);
  }
  args.push(...extra); // e.g. ['--session-idle', '12s']
  const proc = spawn(koto, args, { env: { ...process.env, KOTO_DATABASE_URL: '' } });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('koto serve did not start: ' + out + stderr)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/running at (http:\/\/[^\s]+\/)/);
      if (m) { clearTimeout(timer); resolve(webauthn ? `http://localhost:${port}` : m[1].replace(/\/$/, '')); }
    });
    proc.on('exit', (code) => reject(new Error(`koto serve exited ${code}: ${stderr}`)));
  });
  return {
    url, dataDir,
    cli: (args, input) => cli(dataDir, args, input),
    async stop() { proc.kill('SIGTERM'); await new Promise((r) => proc.on('exit', r)); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function login(page, base, username) {
  await page.goto(base + '/login');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(/\/(clients|me)(\/|\?|$)/), page.click('form[action="/login"] button[type="submit"]')]);
}

// axe reports violations of WCAG 2.1 A/AA rules on the current page.
export async function axeViolations(page) {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return res.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// assertAccessible fails the test with axe's findings when the current
// page has any WCAG 2.1 A/AA violation; what names the state checked.
export async function assertAccessible(page, what) {
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe violations on ${what}:\n${v.join('\n')}`);
}

// A synthetic HETU: individual numbers 900–999 only.
export function testHETU(day, month, year2, individual) {
  const dd = String(day).padStart(2, '0'), mm = String(month).padStart(2, '0'), yy = String(year2).padStart(2, '0');
  const n = Number(`${dd}${mm}${yy}${individual}`);
  return `${dd}${mm}${yy}-${individual}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}`;
}

// overlaps lists the label/value pairs on the page whose boxes overlap:
// every dt with the dd beside it (in the same dl or dl > div), and every
// label with the control it names (for=). Hidden elements are skipped.
// Each pair is described as "label text ↔ value text".
export async function overlaps(page) {
  return page.evaluate(() => {
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const text = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40);
    const pairs = [];
    for (const dt of document.querySelectorAll('dt')) {
      let dd = dt.nextElementSibling;
      while (dd && dd.tagName !== 'DD' && dd.tagName !== 'DT') dd = dd.nextElementSibling;
      if (dd && dd.tagName === 'DD') pairs.push([dt, dd]);
    }
    for (const label of document.querySelectorAll('label[for]')) {
      const control = document.getElementById(label.htmlFor);
      if (control) pairs.push([label, control]);
    }
    const out = [];
    for (const [a, b] of pairs) {
      if (!visible(a) || !visible(b)) continue;
      const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 1 && h > 1) out.push(`${text(a)} ↔ ${text(b)}`);
    }
    // A term or label whose text is wider than its own box is cut or spills.
    for (const el of document.querySelectorAll('dt, label')) {
      if (visible(el) && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') {
        out.push(`${text(el)} overflows its box (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    return out;
  });
}

// LANGUAGES are the staff UI's languages.
export const LANGUAGES = ['fi', 'sv', 'en'];

// newPageIn opens a page whose UI language is lang (fi, sv or en): the
// language cookie the switch in the header sets (koto_lang), so every page
// of the context, the login page included, is in that language.
export async function newPageIn(browser, base, lang, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang] });
  const { hostname } = new URL(base);
  await context.addCookies([{ name: 'koto_lang', value: lang, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}
