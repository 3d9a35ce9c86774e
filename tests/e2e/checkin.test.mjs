// The daily check-in (健康打卡) and the 3-day validity, on a server whose clock the test may
// move (HEALTHCODE_TEST_CLOCK=1): a check-in moves the validity, a missed one shows 黄码 with
// its reason in the browser, a one-tap check-in brings green back, and the history shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  declareViaApi, logInViaUi, newPhonePage, screenshot, seriousA11yViolations, withServerAndBrowser,
} from './harness.mjs';

const ctx = withServerAndBrowser({ HEALTHCODE_TEST_CLOCK: '1' });
const HOUR = 3600;

async function advance(seconds) {
  const response = await fetch(`${ctx.server.base}/api/v1/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_secs: seconds }),
  });
  assert.equal(response.status, 200);
}

async function looks(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${name}: no horizontal overflow (scrollWidth ${width})`);
  assert.deepEqual(await seriousA11yViolations(page), [], `${name}: axe`);
  await screenshot(page, `checkin-${name}-360`);
}

const validUntil = (page, person) =>
  page.evaluate(async (id) => (await (await fetch(`/api/v1/persons/${id}/code`)).json()).valid_until, person);

test('a check-in moves the validity; a missed one shows 黄码 with its reason; one tap brings green back', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, '13900006666');
  const { status, person } = await declareViaApi(page);
  assert.equal(status, 200);
  const declaredUntil = Date.parse(await validUntil(page, person));

  // A day later, 健康打卡 from the home page.
  await advance(24 * HOUR);
  await page.reload();
  await page.getByRole('link', { name: '健康打卡' }).click();
  await page.getByRole('heading', { level: 1, name: '健康打卡' }).waitFor();
  await looks(page, '1-form');
  await page.getByRole('button', { name: '打卡', exact: true }).click();
  await page.getByText('请填写体温').waitFor();
  await page.getByLabel('体温（°C）').fill('36.6');
  await page.getByRole('button', { name: '打卡', exact: true }).click();
  await page.getByRole('heading', { name: '打卡成功' }).waitFor();
  await page.getByText('当前：绿码').waitFor();
  await page.getByText(/绿码有效期至 \d\d-\d\d \d\d:\d\d/).waitFor();
  await looks(page, '2-done');
  const movedUntil = Date.parse(await validUntil(page, person));
  const hours = Math.round((movedUntil - declaredUntil) / 3600e3);
  assert.equal(hours, 24, `the validity moved by a day (${hours} h)`);

  // 73 hours without a check-in: the code page shows 黄码, why, and what to do.
  await advance(73 * HOUR);
  await page.getByRole('link', { name: '查看健康码' }).click();
  await page.getByRole('heading', { level: 1, name: '黄码' }).waitFor();
  await page.getByText(/^未按时打卡/).waitFor();
  await page.getByText('完成一次健康打卡即可恢复绿码').waitFor();
  await looks(page, '3-lapsed-code');

  // 与昨日相同: one tap, green again.
  await page.goto(`${ctx.server.base}/checkin/${person}`);
  await page.getByText(/上次打卡：\d{4}-\d\d-\d\d，体温 36.6 °C/).waitFor();
  await page.getByRole('button', { name: '与昨日相同，一键打卡' }).click();
  await page.getByText('当前：绿码').waitFor();

  // The history lists the changes and the check-ins.
  await page.goto(`${ctx.server.base}/history/${person}`);
  await page.getByRole('heading', { level: 1, name: '打卡与赋码记录' }).waitFor();
  await page.getByText('转为黄码 · 未按时打卡').waitFor();
  assert.equal(await page.getByText('36.6 °C · 无症状').count(), 2);
  await looks(page, '4-history');

  // Logged out, these pages lead to the login, which comes back here afterwards.
  await context.clearCookies();
  await page.goto(`${ctx.server.base}/checkin/${person}`);
  await page.waitForURL(`**/login?next=%2Fcheckin%2F${person}`);
  await page.getByText('请登录后继续；已填写的内容会保留，登录后回到刚才的页面').waitFor();
  assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
  await context.close();
});

test('the test clock only moves forward, and says which field is wrong', async () => {
  // The server of this file has the flag; a production server answers 404 (see the black-box
  // test in crates/server/tests/blackbox.rs). Here: a negative step is refused, naming the field.
  const response = await fetch(`${ctx.server.base}/api/v1/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_secs: -5 }),
  });
  assert.equal(response.status, 422);
  assert.equal((await response.json()).field, 'advance_secs');
});
