// The first slice through the whole system: server + database + built app + browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPhonePage, screenshot, seriousA11yViolations, withServerAndBrowser } from './harness.mjs';

const ctx = withServerAndBrowser();

test('the server reports its version and a healthy database', async () => {
  const response = await fetch(`${ctx.server.base}/api/v1/health`);
  assert.equal(response.status, 200);
  const health = await response.json();
  assert.equal(health.status, 'ok');
  assert.match(health.version, /^\d+\.\d+\.\d+/);
  assert.equal(health.database.status, 'ok');
  assert.equal(health.database.backend, 'sqlite');
  assert.ok(ctx.server.log.some((line) => line.includes('database: SQLite at')), 'the log says where the database is');
});

test('the home page renders in zh-CN with the title 健康码, clean and accessible', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await page.goto(ctx.server.base);
  await page.getByRole('heading', { level: 1, name: '健康码' }).waitFor();
  assert.equal(await page.title(), '健康码');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  // The status line proves the app reached the API through the same origin.
  await page.getByRole('status').getByText('正常').waitFor();

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal overflow at 360 px (scrollWidth ${width})`);
  await screenshot(page, 'home-zh-CN-360');
  assert.deepEqual(await seriousA11yViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch turns the page English and is remembered across a reload', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await page.goto(ctx.server.base);
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Health Code' }).waitFor();
  await page.getByRole('status').getByText('Operational').waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Health Code' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await screenshot(page, 'home-en-360');
  assert.deepEqual(await seriousA11yViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown app path shows the not-found page, an unknown API path a JSON 404', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  const response = await page.goto(`${ctx.server.base}/no/such/page`);
  assert.equal(response.status(), 200, 'app routes fall back to index.html');
  await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
  await page.getByRole('link', { name: '返回首页' }).click();
  await page.getByRole('heading', { level: 1, name: '健康码' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();

  const api = await fetch(`${ctx.server.base}/api/v1/no-such-thing`, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(api.status, 404);
  assert.deepEqual(await api.json(), { code: 'not_found', message: '未找到请求的内容' });
});
