// End-to-end harness: the real server on a free loopback port with a fresh data directory,
// and Debian's Chromium driven by playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUTPUT = join(ROOT, 'test-output');
mkdirSync(OUTPUT, { recursive: true });

/**
 * Starts healthcode-server; resolves once it says where it listens. `dataDir` and `addr` let a
 * test restart a killed server on the same database and port.
 */
export async function startServer(extraEnv = {}, { dataDir = mkdtempSync(join(tmpdir(), 'healthcode-e2e-')), addr = '127.0.0.1:0' } = {}) {
  const bin = process.env.HEALTHCODE_SERVER_BIN ?? join(ROOT, 'target/debug/healthcode-server');
  const databaseUrl = postgresDatabase(dataDir);
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      HEALTHCODE_ADDR: addr,
      HEALTHCODE_DATA_DIR: dataDir,
      HEALTHCODE_STATIC_DIR: join(ROOT, 'dist'),
      HEALTHCODE_SMS_OUTBOX: join(dataDir, 'sms.jsonl'),
      DATABASE_URL: databaseUrl,
      RUST_LOG: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log = [];
  const base = await new Promise((resolveBase, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('\n')}`)), 30_000);
    let pending = '';
    child.stdout.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        log.push(line);
        const match = line.match(/listening on (http:\/\/[\d.:]+)/);
        if (match) {
          clearTimeout(timer);
          resolveBase(match[1]);
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log.join('\n')}`));
    });
  });
  return {
    base,
    dataDir,
    log,
    /** The newest login code sent to `phone` (what the resident reads on their phone). */
    lastCode(phone) {
      const outbox = join(dataDir, 'sms.jsonl');
      const lines = existsSync(outbox) ? readFileSync(outbox, 'utf8').trim().split('\n') : [];
      const sent = lines.filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.phone === phone);
      if (sent.length === 0) throw new Error(`no code was sent to ${phone}`);
      return sent[sent.length - 1].code;
    },
    /** Kills the process at once (SIGKILL), keeping its data for a restart. */
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * With E2E_POSTGRES=1 and HEALTHCODE_TEST_POSTGRES naming a PostgreSQL server, the server of
 * `dataDir` gets a database of its own there (created once, kept across a restart); otherwise ''
 * (SQLite in the data dir).
 */
function postgresDatabase(dataDir) {
  const server = process.env.HEALTHCODE_TEST_POSTGRES;
  if (process.env.E2E_POSTGRES !== '1' || !server) return '';
  const remembered = join(dataDir, 'postgres-url');
  if (existsSync(remembered)) return readFileSync(remembered, 'utf8');
  const name = `hc_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  execFileSync('psql', [`${server}/postgres`, '-qc', `CREATE DATABASE ${name}`]);
  writeFileSync(remembered, `${server}/${name}`);
  return `${server}/${name}`;
}

/** Debian's Chromium, headless, with the flags this closed network needs (and `extraArgs`). */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Waits until the app's service worker controls `page` (so a reload works offline). */
export async function controlledByServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 })
    .catch(async () => { await page.reload(); });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
}

/** A phone-sized page (360×780) that records console errors and failed requests. */
export async function newPhonePage(browser, { locale = 'zh-CN', ...contextOptions } = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    ...contextOptions,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

/** axe-core violations of impact serious or critical, as readable lines. */
export async function seriousA11yViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Saves a full-page screenshot under test-output/ and returns its path. */
export async function screenshot(page, name) {
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Logs in through the UI like a resident (consents, code from the SMS outbox). */
export async function logInViaUi(page, server, phone) {
  await page.goto(`${server.base}/login`);
  await page.getByLabel(/健康信息/).check();
  await page.getByLabel(/行程信息/).check();
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByRole('button', { name: /秒后重发/ }).waitFor();
  await page.getByLabel('验证码').fill(server.lastCode(phone));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '我和家人' }).waitFor();
}

/** Decodes every QR code in a PNG with zbarimg (an independent decoder); returns the texts. */
export function decodeQr(pngPath) {
  const out = execFileSync('zbarimg', ['--raw', '-q', pngPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter(Boolean);
}

/**
 * Declares through the API with the page's session (the form itself has its own tests): the
 * account's own person, or `personId`.
 */
export async function declareViaApi(page, changes = {}, personId = null) {
  return page.evaluate(async ([changes, personId]) => {
    const session = await (await fetch('/api/v1/auth/session')).json();
    const person = personId ?? session.me.persons[0].id;
    const villages = await (await fetch('/api/v1/divisions?parent=140802001')).json();
    const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
    const response = await fetch(`/api/v1/persons/${person}/declaration`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${Date.now()}` },
      body: JSON.stringify({
        name: '李华', sex: 'female', nationality: 'CHN', document_type: 'resident_id',
        document_number: '11010519491231002X', phone: '13900001111',
        residence_division: villages[0].code, residence_address: '解放路 8 号 3 单元 501',
        from_outside_province: true, origin_division: '420602', arrival_date: day(2),
        itinerary: [{ division: '420602', country: null, from: day(14), to: day(3) }],
        planned_departure: null, temperature_c: 36.5, symptoms: [], contact_history: 'none',
        isolation_start: null, on_duty_worker: false, commitment: true, ...changes,
      }),
    });
    return { status: response.status, person, body: await response.json() };
  }, [changes, personId]);
}

/** Runs an administrative subcommand of the server binary against the test server's data. */
export function adminCommand(server, ...args) {
  const bin = process.env.HEALTHCODE_SERVER_BIN ?? join(ROOT, 'target/debug/healthcode-server');
  return execFileSync(bin, args, {
    encoding: 'utf8',
    env: { ...process.env, HEALTHCODE_DATA_DIR: server.dataDir, DATABASE_URL: postgresDatabase(server.dataDir), RUST_LOG: 'warn' },
  });
}

/** Logs in over HTTP (no browser) and returns the session cookie, e.g. for an admin. */
export async function apiLogIn(server, phone) {
  const post = (path, body) => fetch(`${server.base}/api/v1${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  await post('/auth/otp', { phone });
  const session = await post('/auth/session', { phone, code: server.lastCode(phone) });
  return session.headers.get('set-cookie').split(';')[0];
}

/** Screenshots a QR element, decodes it with zbarimg and asks the server to verify the token. */
export async function scanAndVerify(qr, server, name) {
  const png = join(OUTPUT, `${name}.png`);
  await qr.screenshot({ path: png });
  const [token] = decodeQr(png);
  const verdict = await (await fetch(`${server.base}/api/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })).json();
  return { token, verdict };
}

/**
 * Registers before/after hooks that start a fresh server and browser for the test file;
 * returns the object the tests read them from (`ctx.server`, `ctx.browser`).
 */
export function withServerAndBrowser(extraEnv = {}) {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer(extraEnv);
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/** A valid 18-digit resident ID (GB 11643 check digit) born 1949-12-31, told apart by `seq`. */
export function residentId(seq) {
  const body = `11010519491231${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Calls `/api/v1{path}` as the account of `cookie` (JSON in and out, a fresh Idempotency-Key). */
export async function apiCall(server, cookie, method, path, body) {
  const response = await fetch(`${server.base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `e2e-${Math.random()}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
