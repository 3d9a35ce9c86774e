// The code view: the seed's traveller (盐湖区 resident arrived from 襄阳) shows a green code
// whose QR, decoded by zbarimg from a screenshot, is a token the server verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  declareViaApi, logInViaUi, newPhonePage, scanAndVerify, screenshot, seriousA11yViolations, withServerAndBrowser,
} from './harness.mjs';

const PHONE = '13900001111';
const ctx = withServerAndBrowser();

test('a green code shows its word, masked identity, validity and a QR that verifies', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, PHONE);
  const { status, person } = await declareViaApi(page);
  assert.equal(status, 200);
  await page.reload();
  await page.getByRole('link', { name: '查看健康码' }).click();
  await page.waitForURL(`**/code/${person}`);

  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  await page.getByText('李*').waitFor();
  await page.getByText('11**************2X').waitFor();
  await page.getByText(/剩余 \d+ 小时 \d+ 分/).waitFor();
  await page.getByText('未发现发热、症状、接触史或中高风险地区旅居史').waitFor();
  const qr = page.getByRole('img', { name: /健康码二维码：绿码/ });
  await qr.waitFor();
  const clock = await page.locator('.code__clock').textContent();
  assert.match(clock, /\d\d:\d\d:\d\d/);
  assert.ok(!(await page.content()).includes('11010519491231002X'), 'never the full ID number');

  const { token, verdict } = await scanAndVerify(qr, ctx.server, 'code-qr');
  assert.match(token, /^HC1:/);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.colour, 'green');
  assert.equal(verdict.kind, 'live');

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal overflow (scrollWidth ${width})`);
  await screenshot(page, 'code-green-360');
  assert.deepEqual(await seriousA11yViolations(page), []);

  // The whole view is translated, reasons included (they come from the server in English).
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Green code' }).waitFor();
  await page.getByText('No fever, symptoms, contacts or stays in risk areas were found').waitFor();
  await page.getByText(/\d+ h \d+ min left/).waitFor();
  await screenshot(page, 'code-green-en-360');
  await page.getByRole('button', { name: /中文/ }).click();
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();

  // Refresh fetches a new token; the button cannot be hammered (disabled while in flight).
  await page.getByRole('button', { name: '刷新' }).click();
  await page.getByRole('button', { name: '刷新' }).waitFor();
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
