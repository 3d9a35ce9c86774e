// The checkpoint scanner (扫码核验) in Chromium with a fake rear camera playing a QR code drawn
// by an independent encoder: live, forged, expired, lost paper, a peer region's code, and an
// offline code scanned with no network from the trust list kept on the device.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import QRCode from 'qrcode';
import {
  adminCommand, apiLogIn, controlledByServiceWorker, declareViaApi, launchBrowser, logInViaUi, newPhonePage,
  screenshot, seriousA11yViolations, startServer, OUTPUT,
} from './harness.mjs';
import { tamper, writeCodeVideo } from './fake_camera.mjs';

const CHECKER = '13900008001';
const ctx = {};

async function api(base, path, { method = 'GET', body, cookie } = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

/** A resident of `server` who declared; returns the page's session and their code. */
async function resident(server, browser, phone) {
  const { context, page } = await newPhonePage(browser);
  await logInViaUi(page, server, phone);
  const declared = await declareViaApi(page);
  assert.equal(declared.status, 200, JSON.stringify(declared.body));
  const code = await page.evaluate(async (p) => (await fetch(`/api/v1/persons/${p}/code`)).json(), declared.person);
  assert.equal(code.colour, 'green');
  return { context, page, person: declared.person, code };
}

/**
 * Opens /scan as the checker in a browser whose camera plays `token`, starts the camera and
 * waits for the final verdict; returns the page (the caller closes `browser`).
 */
async function openScanner(token, name, { beforeCamera } = {}) {
  const video = writeCodeVideo(token, join(OUTPUT, `${name}.y4m`));
  const browser = await launchBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  const { context, page, problems } = await newPhonePage(browser, { permissions: ['camera'] });
  const [cookieName, cookieValue] = ctx.checkerCookie.split('=');
  await context.addCookies([{ name: cookieName, value: cookieValue, url: ctx.server.base }]);
  await page.goto(`${ctx.server.base}/scan`);
  await page.getByRole('heading', { level: 1, name: '扫码核验' }).waitFor();
  await page.getByText(/核验名单更新于/).first().waitFor();
  if (beforeCamera) await beforeCamera({ context, page });
  await page.getByRole('button', { name: '打开摄像头' }).click();
  return { browser, context, page, problems };
}

/** The verdict region once it is final: its name is the verdict word. */
async function verdict(page, word) {
  const region = page.getByRole('region', { name: word, exact: true });
  await region.waitFor({ timeout: 20_000 });
  return (await region.innerText()).replace(/\s+/g, ' ');
}

/** Waits until the page has sent every queued scan count. */
async function countsSent(page) {
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('hc.scan.pending') || '[]').length === 0);
}

/** This checker's number of scans with `outcome` and `colour`, summed over the hours. */
async function counted(outcome, colour) {
  const { body } = await api(ctx.server.base, '/checkpoint/scans', { cookie: ctx.checkerCookie });
  return body.filter((c) => c.outcome === outcome && c.colour === colour).reduce((n, c) => n + c.count, 0);
}

before(async () => {
  ctx.server = await startServer({ HEALTHCODE_TEST_CLOCK: '1' });
  ctx.browser = await launchBrowser();
  adminCommand(ctx.server, 'admin', 'create', '--phone', CHECKER, '--role', 'checkpoint');
  ctx.checkerCookie = await apiLogIn(ctx.server, CHECKER);
  ctx.resident = await resident(ctx.server, ctx.browser, '13900008101');
});

after(async () => {
  await ctx.browser?.close();
  await ctx.server?.stop();
  await ctx.peer?.stop();
});

test('a green live code scans to 通行 online; the photo and typed fallbacks give the same; only counts are kept', async () => {
  const { browser, page, problems } = await openScanner(ctx.resident.code.token, 'scan-live');
  try {
    const text = await verdict(page, '通行');
    assert.match(text, /绿码/);
    assert.match(text, /姓名 李\*/);
    assert.match(text, /实时码/);
    assert.match(text, /联网核验/);
    assert.match(text, /测温正常后通行/);
    assert.match(text, /有效期至 \d\d-\d\d \d\d:\d\d/);
    assert.match(text, /1[01]\d 秒后自动清除|120 秒后自动清除/);
    assert.doesNotMatch(text, /11010519491231002X|李华/, 'never the full name or ID number');
    await screenshot(page, 'scan-pass');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling at 360 px');
    assert.deepEqual(await seriousA11yViolations(page), []);
    // Nothing of the person is kept on the device.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.doesNotMatch(stored, /李|HC1:6|name_masked/);

    // The camera keeps seeing the same code: it is verified once, not again every frame.
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    // 清除结果 empties the result at once.
    await page.getByRole('button', { name: '清除结果' }).click();
    await page.getByRole('region', { name: '通行', exact: true }).waitFor({ state: 'detached' });

    // A photo of the code (PNG from the independent encoder), then the typed text.
    const png = join(OUTPUT, 'scan-photo.png');
    await QRCode.toFile(png, ctx.resident.code.token, { width: 600 });
    await page.getByLabel('上传二维码照片').setInputFiles(png);
    assert.match(await verdict(page, '通行'), /联网核验/);
    await page.getByRole('button', { name: '清除结果' }).click();
    await page.getByLabel('健康码内容').fill('');
    await page.getByRole('button', { name: '核验', exact: true }).click();
    await page.getByText('请先粘贴或输入健康码内容').waitFor();
    await page.getByLabel('健康码内容').fill(ctx.resident.code.token);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    assert.match(await verdict(page, '通行'), /绿码/);

    // The checkpoint's statistics: counts per hour, outcome and colour — three passes, green.
    await countsSent(page);
    const counts = await api(ctx.server.base, '/checkpoint/scans', { cookie: ctx.checkerCookie });
    assert.equal(counts.status, 200);
    assert.deepEqual(counts.body.map((c) => [c.outcome, c.colour, c.count]), [['pass', 'green', 3]]);
    assert.deepEqual(Object.keys(counts.body[0]).sort(), ['colour', 'count', 'hour', 'outcome']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('a forged code scans to 无法核验 · 签名无效 with the ID-card fallback, without asking the server', async () => {
  const forged = tamper(ctx.resident.code.token);
  const server = await api(ctx.server.base, '/verify', { method: 'POST', body: { token: forged } });
  assert.equal(server.body.reason, 'bad_signature', 'the forgery is a signature failure, not garbage');
  const asked = [];
  const { browser, page } = await openScanner(forged, 'scan-forged', {
    beforeCamera: async ({ page }) => {
      page.on('request', (r) => { if (r.url().endsWith('/api/v1/verify')) asked.push(r.url()); });
    },
  });
  try {
    const text = await verdict(page, '无法核验');
    assert.deepEqual(asked, []);
    assert.match(text, /签名无效/);
    assert.match(text, /请查验持码人身份证件/);
    assert.doesNotMatch(text, /绿码|通行 /);
    await screenshot(page, 'scan-forged');
    assert.deepEqual(await seriousA11yViolations(page), []);
  } finally {
    await browser.close();
  }
});

test('a lost paper card scans to 不予通行 · 已挂失 (its signature is still good: the server knows)', async () => {
  const { page, person } = ctx.resident;
  const card = await page.evaluate(async (p) => (await fetch(`/api/v1/persons/${p}/paper-codes`, { method: 'POST' })).json(), person);
  const lost = await page.evaluate(
    async ([p, id]) => (await fetch(`/api/v1/persons/${p}/paper-codes/${id}/lost`, { method: 'POST' })).status,
    [person, card.id],
  );
  assert.equal(lost, 200);
  const { browser, page: scanner } = await openScanner(card.token, 'scan-lost-paper');
  try {
    const text = await verdict(scanner, '不予通行');
    assert.match(text, /已挂失/);
    assert.match(text, /纸质码/);
    assert.match(text, /请查验持码人身份证件/);
    await screenshot(scanner, 'scan-lost-paper');
    // Nobody touches the phone: after 120 s the result is gone by itself.
    await scanner.getByRole('button', { name: '关闭摄像头' }).click();
    await scanner.evaluate(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + 121_000;
    });
    await scanner.getByRole('region', { name: '不予通行', exact: true }).waitFor({ state: 'detached', timeout: 5_000 });
  } finally {
    await browser.close();
  }
});

test('a code from a peer region (山西 14) scans to 通行 once its key is trusted; removed, it is 未知签发机构', async () => {
  ctx.peer = await startServer({ HEALTHCODE_ISSUER: '14' });
  const traveller = await resident(ctx.peer, ctx.browser, '13900008201');
  const [peerKey] = (await api(ctx.peer.base, '/trust-list')).body.keys;
  assert.equal(peerKey.issuer, '14');
  adminCommand(ctx.server, 'keys', 'add-peer', '14', peerKey.key_id, peerKey.public_key);
  const { browser, context, page } = await openScanner(traveller.code.token, 'scan-peer');
  try {
    const text = await verdict(page, '通行');
    assert.match(text, /绿码/);
    assert.match(text, /联网核验/);
    // Offline too: the peer's key is in the trust list kept on the device.
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    await page.getByRole('button', { name: '清除结果' }).click();
    await page.getByRole('region', { name: '通行', exact: true }).waitFor({ state: 'detached' });
    await context.setOffline(true);
    await page.getByLabel('健康码内容').fill(traveller.code.token);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    assert.match(await verdict(page, '通行'), /离线核验/);
    await context.setOffline(false);
    // Removed from the list: the next trust-list fetch no longer has it.
    adminCommand(ctx.server, 'keys', 'remove', '14', peerKey.key_id);
    await page.reload();
    await page.getByText(/核验名单更新于/).first().waitFor();
    await page.getByLabel('健康码内容').fill(traveller.code.token);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    assert.match(await verdict(page, '无法核验'), /未知签发机构/);
  } finally {
    await browser.close();
    await traveller.context.close();
  }
});

test('with no network, an offline code scans to 通行 (离线核验) from the trust list kept on the device', async () => {
  const token = ctx.resident.code.offline_token;
  const { browser, context, page, problems } = await openScanner(token, 'scan-offline', {
    beforeCamera: async ({ context, page }) => {
      await controlledByServiceWorker(page);
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: '扫码核验' }).waitFor();
      await page.getByText(/核验名单更新于/).first().waitFor();
    },
  });
  try {
    const text = await verdict(page, '通行');
    assert.match(text, /绿码/);
    assert.match(text, /离线码/);
    assert.match(text, /离线核验（核验名单更新于 \d\d-\d\d \d\d:\d\d）/);
    await screenshot(page, 'scan-offline');
    assert.deepEqual(await seriousA11yViolations(page), []);
    // The scan is counted once the checkpoint is back online: queued on the device meanwhile,
    // with nothing but outcome, colour and time.
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('hc.scan.pending') || '[]'));
    assert.equal(queued.length, 1);
    assert.deepEqual(Object.keys(queued[0]).sort(), ['colour', 'outcome', 'scanned_at']);
    const before = await counted('pass', 'green');
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    await context.setOffline(false);
    await page.reload();
    await page.getByText(/核验名单更新于/).first().waitFor();
    await countsSent(page);
    assert.equal(await counted('pass', 'green'), before + 1);
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(p)), []);
  } finally {
    await browser.close();
  }
});

test('a refused camera permission, or no camera at all, is said plainly and the typed code still scans', async () => {
  // The checker taps 不允许 (Chromium's fake camera exists, the permission is not granted), then a
  // device with no camera at all.
  for (const [flags, message] of [
    [['--use-fake-device-for-media-stream', '--deny-permission-prompts'], '未获得摄像头权限'],
    [[], '未找到可用的摄像头'],
  ]) {
    const browser = await launchBrowser(flags);
    try {
      const { context, page } = await newPhonePage(browser);
      const [cookieName, cookieValue] = ctx.checkerCookie.split('=');
      await context.addCookies([{ name: cookieName, value: cookieValue, url: ctx.server.base }]);
      await page.goto(`${ctx.server.base}/scan`);
      await page.getByText(/核验名单更新于/).first().waitFor();
      await page.getByRole('button', { name: '打开摄像头' }).click();
      const said = page.getByText(message);
      await said.waitFor({ timeout: 10_000 });
      assert.match(await said.innerText(), /手动输入/, 'the message points to the fallbacks');
      await screenshot(page, `scan-${message === '未找到可用的摄像头' ? 'no-camera' : 'camera-denied'}`);
      // The fallback works on the same screen.
      await page.getByLabel('健康码内容').fill(ctx.resident.code.token);
      await page.getByRole('button', { name: '核验', exact: true }).click();
      assert.match(await verdict(page, '通行'), /绿码/);
      await countsSent(page);
    } finally {
      await browser.close();
    }
  }
});

test('an expired live code scans to 不予通行 · 已过期', async () => {
  const clock = await api(ctx.server.base, '/test/clock', { method: 'POST', body: { advance_secs: 600 } });
  assert.equal(clock.status, 200);
  const { browser, page } = await openScanner(ctx.resident.code.token, 'scan-expired');
  try {
    const text = await verdict(page, '不予通行');
    assert.match(text, /已过期/);
    await screenshot(page, 'scan-expired');
  } finally {
    await browser.close();
  }
});

test('a resident account is told the scanner is for checkpoint staff', async () => {
  const { page } = ctx.resident;
  await page.goto(`${ctx.server.base}/scan`);
  await page.getByText('此页面仅供核验人员使用').waitFor();
  assert.equal(await page.getByRole('button', { name: '打开摄像头' }).count(), 0);
});
