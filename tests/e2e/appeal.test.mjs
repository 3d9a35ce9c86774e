// 申诉 end to end: a resident with a yellow code appeals in the browser; admin A proposes green
// over the API, cannot approve it alone, admin B approves; the resident sees the appeal
// resolved and a green code with the reason; the audit log holds the three actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adminCommand, apiLogIn, declareViaApi, logInViaUi, newPhonePage, screenshot, seriousA11yViolations,
  withServerAndBrowser,
} from './harness.mjs';

const ctx = withServerAndBrowser();

async function asAdmin(cookie, method, path, body) {
  const response = await fetch(`${ctx.server.base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

test('a yellow code is appealed, two admins turn it green, the resident sees why', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, '13900009999');
  const { status, person } = await declareViaApi(page, { symptoms: ['cough'] });
  assert.equal(status, 200);
  await page.goto(`${ctx.server.base}/code/${person}`);
  await page.getByRole('heading', { level: 1, name: '黄码' }).waitFor();
  await page.getByText('再连续打卡 7 天无异常可转为绿码').waitFor();
  await page.getByRole('link', { name: '对赋码有异议？申诉' }).click();
  await page.getByRole('heading', { level: 1, name: '申诉' }).waitFor();
  await page.getByText('还没有申诉').waitFor();
  await page.getByLabel('已康复或已解除隔离').check();
  await page.getByLabel('补充说明（选填）').fill('咳嗽已好，附社区医院证明');
  await page.getByRole('button', { name: '提交申诉' }).click();
  await page.getByText('状态：已提交').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal overflow (scrollWidth ${width})`);
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshot(page, 'appeal-submitted-360');

  // Two admins, made on the server machine by the CLI, never through the API.
  assert.match(adminCommand(ctx.server, 'admin', 'create', '--phone', '13900008001', '--role', 'admin'), /role admin/);
  assert.match(adminCommand(ctx.server, 'admin', 'create', '--phone', '13900008002', '--role', 'admin'), /role admin/);
  const a = await apiLogIn(ctx.server, '13900008001');
  const b = await apiLogIn(ctx.server, '13900008002');
  const open = await asAdmin(a, 'GET', '/admin/appeals');
  assert.equal(open.status, 200);
  assert.equal(open.body.length, 1);
  const proposal = await asAdmin(a, 'POST', `/admin/appeals/${open.body[0].appeal.id}/overrides`,
    { colour: 'green', reason: '社区医院证明已核实' });
  assert.equal(proposal.status, 201);
  const alone = await asAdmin(a, 'POST', `/admin/overrides/${proposal.body.id}/approve`, {});
  assert.equal(alone.status, 409);
  assert.equal(alone.body.code, 'same_admin');
  await page.reload();
  await page.getByText('状态：处理中').waitFor();
  const second = await asAdmin(b, 'POST', `/admin/overrides/${proposal.body.id}/approve`, {});
  assert.equal(second.status, 200);

  await page.reload();
  await page.getByText('状态：已处理').waitFor();
  await page.getByText(/处理结果：\s*社区医院证明已核实/).waitFor();
  await page.goto(`${ctx.server.base}/code/${person}`);
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  await page.getByText(/经申诉复核改为绿码.*社区医院证明已核实/).waitFor();
  await screenshot(page, 'appeal-green-code-360');

  const audit = await asAdmin(b, 'GET', '/admin/audit');
  const actions = audit.body.map((line) => line.action).filter((x) => !x.startsWith('account.'));
  assert.deepEqual(actions, ['override.approve', 'override.propose', 'appeal.submit']);
  assert.deepEqual(problems, []);
  await context.close();
});
