// Offline and outage behaviour in the browser: the app shell from the service worker, the last
// code kept on the phone (its QR the offline token), expiry by server-anchored time, the busy
// server's Retry-After, a check-in queued offline, and a declaration that survives the server
// being killed mid-submit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  controlledByServiceWorker, declareViaApi, decodeQr, logInViaUi, newPhonePage, residentId, screenshot, seriousA11yViolations, startServer,
  withServerAndBrowser, OUTPUT,
} from './harness.mjs';
import { join } from 'node:path';

const ctx = withServerAndBrowser();
const HOUR_MS = 3600e3;

/** Lets the test move the page's clock (Date.now) forward, as a phone left in a drawer would. */
async function shiftableClock(context) {
  await context.addInitScript(() => {
    const shift = Number(localStorage.getItem('test.clock-shift-ms') || 0);
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + shift;
  });
}

async function verify(base, token) {
  const response = await fetch(`${base}/api/v1/verify`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
  });
  return response.json();
}

test('offline, the code page shows the last code with 最后同步; its QR is the offline token; it expires by time', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await shiftableClock(context);
  await logInViaUi(page, ctx.server, '13900007001');
  const { status, person } = await declareViaApi(page);
  assert.equal(status, 200);
  await page.goto(`${ctx.server.base}/code/${person}`);
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  await controlledByServiceWorker(page);
  const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
  assert.equal(manifest.display, 'standalone');
  assert.deepEqual(manifest.icons.map((i) => i.sizes).slice(0, 2), ['192x192', '512x512']);

  // No network at all: a reload still opens the app and shows the kept code.
  await context.setOffline(true);
  await page.reload();
  await page.getByText(/^离线 · 最后同步 \d\d:\d\d$/).waitFor();
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  await page.getByText(/无法连接服务器，稍后自动重试 · \d+ 秒后自动重试/).waitFor();
  assert.deepEqual(await seriousA11yViolations(page), [], 'axe on the offline code');
  await screenshot(page, 'offline-1-code-360');
  const png = join(OUTPUT, 'offline-1-qr.png');
  await page.locator('.qr').screenshot({ path: png });
  const [token] = decodeQr(png);
  const kept = await page.evaluate((id) => JSON.parse(localStorage.getItem(`hc.code.${id}`)), person);
  assert.equal(token, kept.view.token, 'the QR holds the kept offline token');
  const verdict = await verify(ctx.server.base, token);
  assert.equal(verdict.valid, true, JSON.stringify(verdict));
  assert.equal(verdict.kind, 'offline', 'a checker sees it as an offline code');

  // The home page offline lists the kept codes.
  await page.goto(`${ctx.server.base}/`).catch(() => {});
  await page.getByRole('heading', { level: 1, name: '保存在本机的健康码' }).waitFor();
  await page.getByRole('link', { name: '查看健康码' }).click();
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();

  // 73 hours later (past the kept code's validity) and still offline: expired, no QR, no colour.
  await page.evaluate(() => localStorage.setItem('test.clock-shift-ms', String(73 * 3600e3)));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '离线码已过期' }).waitFor();
  assert.equal(await page.locator('.qr').count(), 0, 'no QR for an expired kept code');
  assert.equal(await page.getByText('绿码').count(), 0, 'never green once expired');
  assert.deepEqual(await seriousA11yViolations(page), [], 'axe on the expired code');
  await screenshot(page, 'offline-2-expired-360');

  // Back online (clock right again): the live code, then logout forgets the kept code.
  await page.evaluate(() => localStorage.removeItem('test.clock-shift-ms'));
  await context.setOffline(false);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  assert.equal(await page.getByText(/离线 · 最后同步/).count(), 0);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('link', { name: '立即使用' }).waitFor();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hc.code.') || k === 'hc.outbox'));
  assert.deepEqual(left, [], 'logout clears the kept codes');
  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource') && !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  await context.close();
});

test('a busy server: 服务繁忙 with its Retry-After honoured, and refresh cannot be hammered', async () => {
  const { context, page } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, '13900007002');
  const { person } = await declareViaApi(page, { document_number: residentId(702) });
  await page.goto(`${ctx.server.base}/code/${person}`);
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  const seen = [];
  await context.route('**/api/v1/persons/*/code', (route) => {
    seen.push(Date.now());
    return route.fulfill({
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '6' },
      body: JSON.stringify({ code: 'busy', message: '服务繁忙，请稍后再试' }),
    });
  });
  await page.getByRole('button', { name: '刷新' }).click();
  await page.getByText(/服务繁忙，稍后自动重试 · \d+ 秒后自动重试/).waitFor();
  await page.getByText(/^离线 · 最后同步/).waitFor();
  // Ten taps in a row send no request at all beyond the first (1 s gap, then Retry-After).
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: '刷新' }).click();
  await page.waitForTimeout(13_000);
  const gaps = seen.slice(1).map((t, i) => t - seen[i]);
  assert.ok(seen.length <= 4, `requests in 13 s of a busy server: ${seen.length}`);
  assert.ok(gaps.every((g) => g >= 900), `gaps between requests (ms): ${gaps}`);
  await context.unroute('**/api/v1/persons/*/code');
  await page.getByText(/^离线 · 最后同步/).waitFor({ state: 'detached', timeout: 70_000 });
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  console.log(`busy server: ${seen.length} requests in 13 s, gaps ${gaps.join(', ')} ms`);
  await context.close();
});

test('a check-in made offline is kept (待发送) and sent once back online', async () => {
  const { context, page } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, '13900007003');
  const { person } = await declareViaApi(page, { document_number: residentId(703) });
  await page.goto(`${ctx.server.base}/checkin/${person}`);
  await page.getByRole('heading', { level: 1, name: '健康打卡' }).waitFor();
  await controlledByServiceWorker(page);
  await context.setOffline(true);
  await page.getByLabel('体温（°C）').fill('36.7');
  await page.getByRole('button', { name: '打卡', exact: true }).click();
  await page.getByText('打卡已保存在本机（待发送），联网后会自动提交，无需重复打卡。').waitFor();
  // It survives a reload with no network.
  await page.reload();
  await page.getByText('打卡已保存在本机（待发送），联网后会自动提交，无需重复打卡。').waitFor();
  await context.setOffline(false);
  await page.getByRole('heading', { name: '打卡成功' }).waitFor({ timeout: 30_000 });
  const history = await page.evaluate(async (id) => (await fetch(`/api/v1/persons/${id}/checkins`)).json(), person);
  assert.equal(history.checkins.length, 1);
  assert.equal(history.checkins[0].temperature_c, 36.7);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('hc.outbox') || '[]').length), 0);
  await context.close();
});

test('the server is killed during a submission and restarted: the declaration goes through once', async () => {
  const server = await startServer();
  try {
    const { context, page } = await newPhonePage(ctx.browser);
    await logInViaUi(page, server, '13900007004');
    const { person } = await declareViaApi(page, { document_number: residentId(704) });
    await page.goto(`${server.base}/declare/${person}/confirm`);
    await page.getByLabel(/本人郑重承诺/).check();
    await server.kill();
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByText(/正在自动重新提交（第 1 次）/).waitFor();
    const again = await startServer({}, { dataDir: server.dataDir, addr: server.base.replace('http://', '') });
    await page.waitForURL(`**/code/${person}`, { timeout: 60_000 });
    const saved = await page.evaluate(async (id) => (await fetch(`/api/v1/persons/${id}/declaration`)).json(), person);
    assert.equal(saved.version, 2, 'the edit saved exactly once after the restart');
    await context.close();
    await again.stop();
  } finally {
    await server.stop();
  }
});
