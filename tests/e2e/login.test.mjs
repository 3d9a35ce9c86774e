// SMS login as a resident does it: welcome → 立即使用 → consents → code → 登录 → home; logout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPhonePage, screenshot, seriousA11yViolations, withServerAndBrowser } from './harness.mjs';

const PHONE = '13900001111';
const ctx = withServerAndBrowser();

test('a resident logs in by SMS code, sees their persons, survives a reload and logs out', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await page.goto(ctx.server.base);
  await page.getByRole('link', { name: '立即使用' }).click();
  await page.getByRole('heading', { level: 1, name: '手机号登录' }).waitFor();
  assert.deepEqual(await seriousA11yViolations(page), []);

  // Consent comes first: without it no code is sent.
  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('请阅读并勾选以上两项同意后再继续').waitFor();
  assert.throws(() => ctx.server.lastCode(PHONE), /no code was sent/);

  await page.getByLabel(/健康信息/).check();
  await page.getByLabel(/行程信息/).check();
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送，5 分钟内有效').waitFor();
  const resend = page.getByRole('button', { name: /秒后重发/ });
  await resend.waitFor();
  assert.ok(await resend.isDisabled(), 'the resend button counts down, disabled');
  await screenshot(page, 'login-code-sent-360');

  const code = ctx.server.lastCode(PHONE);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('验证码').fill(wrong);
  await page.getByRole('button', { name: '登录' }).click();
  const codeError = page.locator('#code-error');
  await codeError.getByText('验证码错误，还可尝试 4 次').waitFor();
  assert.equal(await page.getByLabel('验证码').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('手机号码').inputValue(), PHONE, 'nothing typed is lost');
  await screenshot(page, 'login-wrong-code-360');

  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '我和家人' }).waitFor();
  await page.getByText('139****1111').waitFor();
  await page.getByRole('listitem').filter({ hasText: '本人' }).getByText('未登记').waitFor();
  assert.ok(!(await page.content()).includes(PHONE), 'the full phone number is never shown');
  await screenshot(page, 'home-logged-in-360');
  assert.deepEqual(await seriousA11yViolations(page), []);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: '我和家人' }).waitFor();

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('link', { name: '立即使用' }).waitFor();
  const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
  assert.equal(session.me, null, 'the session ended on the server');
  // The wrong code's 422 is logged by Chromium itself; anything else is a defect.
  assert.deepEqual(problems.filter((p) => !p.includes('status of 422')), []);
  await context.close();
});

test('too many code requests show the wait next to the phone field', async () => {
  const { context, page } = await newPhonePage(ctx.browser);
  await page.goto(`${ctx.server.base}/login`);
  await page.getByLabel(/健康信息/).check();
  await page.getByLabel(/行程信息/).check();
  await page.getByLabel('手机号码').fill('13700001111');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByRole('button', { name: /秒后重发/ }).waitFor();
  // A second tab asks again within the minute: the server refuses, the page says why.
  const second = await context.newPage();
  await second.goto(`${ctx.server.base}/login`);
  await second.getByLabel(/健康信息/).check();
  await second.getByLabel(/行程信息/).check();
  await second.getByLabel('手机号码').fill('13700001111');
  await second.getByRole('button', { name: '获取验证码' }).click();
  await second.locator('#phone-error').getByText(/操作过于频繁/).waitFor();
  await second.getByRole('button', { name: /秒后重发/ }).waitFor();
  await context.close();
});
