// The declaration form, driven like a resident by labels and roles: the seed's traveller (a
// 盐湖区 resident who arrived from 湖北省襄阳市) declares step by step, survives a reload and
// a wrong check digit, submits, sees 审核中 then a code whose QR verifies, and edits again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  logInViaUi, newPhonePage, scanAndVerify, screenshot, seriousA11yViolations, withServerAndBrowser,
} from './harness.mjs';

const PHONE = '13900002222';
const ctx = withServerAndBrowser();

/** A date `n` days before today in China (UTC+8), as a date input takes it. */
const chinaDay = (n) => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

/** Each step must fit 360 px, pass axe, and is kept as a screenshot for a human to look at. */
async function checkStep(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${name}: no horizontal overflow (scrollWidth ${width})`);
  assert.deepEqual(await seriousA11yViolations(page), [], `${name}: axe`);
  await screenshot(page, `declare-${name}-360`);
}

/** Opens a district picker by its label, searches, and walks down by option names. */
async function pick(page, label, search, ...path) {
  await page.getByRole('button', { name: label }).click();
  const box = page.getByRole('combobox', { name: '搜索地名' });
  await box.fill(search);
  for (const name of path) {
    if (typeof name === 'string' && name.startsWith('就选')) {
      await page.getByRole('button', { name }).click();
    } else {
      await page.getByRole('option', { name }).first().click();
    }
  }
  await box.waitFor({ state: 'detached' });
}

test('the seed traveller declares step by step, submits once, and edits what was saved', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, PHONE);
  await page.getByRole('link', { name: '去登记' }).click();
  await page.waitForURL(/\/declare\/[^/]+\/identity$/);
  const person = page.url().split('/').at(-2);
  await page.getByRole('heading', { level: 1, name: '居民健康登记' }).waitFor();
  await checkStep(page, '1-identity-empty');
  // The form is complete in English too.
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Health declaration' }).waitFor();
  await page.getByLabel('Document number').waitFor();
  await checkStep(page, '1-identity-en');
  await page.getByRole('button', { name: /中文/ }).click();
  await page.getByRole('heading', { level: 1, name: '居民健康登记' }).waitFor();

  // 下一步 on an empty step: every problem at its field, focus on the first.
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByText('请填写姓名').waitFor();
  await page.getByText('请选择性别').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name');

  // A wrong check digit: the error is at 证件号码 and every other field keeps its value.
  await page.getByLabel('姓名').fill('李华');
  await page.getByLabel('女').check();
  await page.getByLabel('证件号码').fill('110105194912310021');
  await page.getByLabel('手机号码').fill('13900002222');
  await page.getByRole('button', { name: '下一步' }).click();
  const number = page.getByLabel('证件号码');
  await page.locator('#document_number-error').getByText(/校验/).waitFor();
  assert.equal(await number.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('姓名').inputValue(), '李华');
  assert.equal(await page.getByLabel('手机号码').inputValue(), '13900002222');
  assert.ok(await page.getByLabel('女').isChecked());
  assert.match(page.url(), /\/identity$/);
  await checkStep(page, '1-identity-check-digit');
  await number.fill('11010519491231002X');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/residence$/);

  // The picker open, mid-search, passes axe and fits the screen.
  await page.getByRole('button', { name: /现居住地/ }).click();
  await page.getByRole('combobox', { name: '搜索地名' }).fill('盐湖');
  await page.getByRole('option', { name: /^盐湖区 山西省 运城市/ }).waitFor();
  await checkStep(page, '2-residence-picker-search');
  await page.getByRole('button', { name: '收起' }).click();

  // 居住地: type-ahead 盐湖 → 山西省 运城市 盐湖区, then down to a community.
  await pick(page, /现居住地/, '盐湖', /^盐湖区 山西省 运城市/, /^中城街道/, /^解放路社区居委会/);
  await page.getByRole('button', { name: /现居住地 山西省 运城市 盐湖区 中城街道 解放路社区居委会/ }).waitFor();
  await page.getByLabel('详细地址').fill('解放路 8 号 3 单元 501');
  await page.getByRole('group', { name: '是否外来进入' }).getByLabel('是').check();
  await pick(page, /来源地区/, '襄阳', /^襄阳市 湖北省/, '就选“襄阳市”');
  await page.getByLabel('到达日期').fill(chinaDay(2));
  await checkStep(page, '2-residence');

  // A reload mid-form loses nothing.
  await page.reload();
  await page.getByRole('heading', { level: 2, name: /居住地/ }).waitFor();
  await page.getByRole('button', { name: /来源地区 湖北省 襄阳市/ }).waitFor();
  assert.equal(await page.getByLabel('详细地址').inputValue(), '解放路 8 号 3 单元 501');
  assert.equal(await page.getByLabel('到达日期').inputValue(), chinaDay(2));
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/itinerary$/);

  // 行程: one place with its dates; departure 暂不确定 (FAQ 11).
  await page.getByRole('button', { name: '添加一站' }).click();
  const stop = page.getByRole('group', { name: '第 1 站' });
  await pick(page, /第 1 站 · 地点/, '襄阳', /^襄阳市 湖北省/, '就选“襄阳市”');
  await stop.getByLabel('开始日期').fill(chinaDay(14));
  await stop.getByLabel('结束日期').fill(chinaDay(3));
  assert.ok(await page.getByLabel('暂不确定').isChecked());
  await checkStep(page, '3-itinerary');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/health$/);

  // 健康状况.
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByText('请填写体温').waitFor();
  await page.getByLabel('体温（°C）').fill('36.5');
  await checkStep(page, '4-health');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/confirm$/);

  // 确认: the summary shows what was typed (numbers masked); the commitment is required.
  await page.getByText('山西省 运城市 盐湖区 中城街道 解放路社区居委会').waitFor();
  await page.getByText('11**************2X').waitFor();
  await page.getByText(/湖北省 襄阳市 \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d/).waitFor();
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.getByText('请阅读并勾选“本人郑重承诺”后再提交').waitFor();
  await page.getByLabel(/本人郑重承诺/).check();
  await checkStep(page, '5-confirm');
  // A double tap submits once: the button is disabled while in flight, and the key is reused.
  await page.getByRole('button', { name: '确认提交' }).dblclick();
  await page.waitForURL(`**/code/${person}`);
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  const qr = page.getByRole('img', { name: /健康码二维码：绿码/ });
  const { verdict } = await scanAndVerify(qr, ctx.server, 'declare-code-qr');
  assert.equal(verdict.valid, true);
  assert.equal(verdict.colour, 'green');
  const saved = await page.evaluate(async (id) => (await fetch(`/api/v1/persons/${id}/declaration`)).json(), person);
  assert.equal(saved.version, 1, 'one version for the double tap');
  assert.equal(saved.origin_division, '4206');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hc.draft.')).length), 0,
    'the draft is gone once the server has it');

  // 修改信息 shows exactly what was saved (FAQ 10), and saving again makes version 2.
  await page.goto(`${ctx.server.base}/`);
  await page.getByText('绿码').waitFor();
  await checkStep(page, '6-home-declared');
  await page.getByRole('link', { name: '修改信息' }).click();
  await page.waitForURL(/\/identity$/);
  assert.equal(await page.getByLabel('姓名').inputValue(), '李华');
  assert.equal(await page.getByLabel('证件号码').inputValue(), '11**************2X');
  assert.equal(await page.getByLabel('手机号码').inputValue(), '139****2222');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: /现居住地 山西省 运城市 盐湖区 中城街道 解放路社区居委会/ }).waitFor();
  assert.equal(await page.getByLabel('详细地址').inputValue(), '解放路 8 号 3 单元 501');
  await page.getByLabel('详细地址').fill('解放路 10 号');
  for (const step of ['itinerary', 'health', 'confirm']) {
    await page.getByRole('button', { name: '下一步' }).click();
    await page.waitForURL(new RegExp(`/${step}$`));
  }
  await page.getByLabel(/本人郑重承诺/).check();
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.waitForURL(`**/code/${person}`);
  const edited = await page.evaluate(async (id) => (await fetch(`/api/v1/persons/${id}/declaration`)).json(), person);
  assert.equal(edited.version, 2);
  assert.equal(edited.residence_address, '解放路 10 号');
  assert.equal(edited.document_number, '11**************2X', 'the saved number was kept, masked on the wire');
  assert.deepEqual(problems, []);
  await context.close();
});

/** Fills every step for the traveller without stopping to look (the test above looks). */
async function fillToConfirm(page, documentNumber) {
  await page.getByLabel('姓名').fill('王芳');
  await page.getByLabel('女').check();
  await page.getByLabel('证件号码').fill(documentNumber);
  await page.getByLabel('手机号码').fill('13900003333');
  await page.getByRole('button', { name: '下一步' }).click();
  await pick(page, /现居住地/, '盐湖', /^盐湖区 山西省 运城市/, /^中城街道/, /^西花园社区居委会/);
  await page.getByLabel('详细地址').fill('中城路 1 号');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/itinerary$/);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('体温（°C）').fill('36.4');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/confirm$/);
  await page.getByLabel(/本人郑重承诺/).check();
}

test('a dropped network, an expired session and a taken document lose nothing typed', async () => {
  const { context, page } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, '13900003333');
  await page.getByRole('link', { name: '去登记' }).click();
  await page.waitForURL(/\/identity$/);
  const person = page.url().split('/').at(-2);
  // The traveller of the first test already declared this number from another account.
  await fillToConfirm(page, '11010519491231002X');
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.waitForURL(/\/identity$/);
  await page.locator('#document_number-error').getByText('该证件号码已由其他账户登记为本人').waitFor();
  assert.equal(await page.getByLabel('姓名').inputValue(), '王芳');
  await page.getByLabel('证件号码').fill('110105200001010016');
  for (const step of ['residence', 'itinerary', 'health', 'confirm']) {
    await page.getByRole('button', { name: '下一步' }).click();
    await page.waitForURL(new RegExp(`/${step}$`));
  }
  assert.ok(await page.getByLabel(/本人郑重承诺/).isChecked());

  // No network: the page says so, keeps everything and sends again by itself.
  await page.route('**/api/v1/persons/*/declaration', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.getByText('网络中断，填写的内容已保留，正在自动重新提交（第 1 次）… 可以直接再次提交，不会重复登记').waitFor();
  assert.match(page.url(), /\/confirm$/);

  // Meanwhile the session ends: the automatic retry leads to the login and back to the same
  // step, all kept.
  await context.clearCookies();
  await page.unroute('**/api/v1/persons/*/declaration');
  await page.waitForURL(/\/login\?next=/);
  await page.getByText('请登录后继续；已填写的内容会保留，登录后回到刚才的页面').waitFor();
  await page.getByLabel(/健康信息/).check();
  await page.getByLabel(/行程信息/).check();
  await page.getByLabel('手机号码').fill('13900003333');
  // The first code went out under a minute ago, so the server may ask to wait (the page counts
  // down with 请 N 秒后再试); like a resident, ask again once the button is back.
  const sent = page.getByText('验证码已发送，5 分钟内有效');
  for (let attempt = 0; attempt < 3 && !(await sent.isVisible()); attempt++) {
    await page.waitForFunction(() => [...document.querySelectorAll('button')]
      .some((b) => b.textContent === '获取验证码' && !b.disabled), null, { timeout: 70_000 });
    await page.getByRole('button', { name: '获取验证码' }).click();
    await sent.waitFor({ timeout: 3_000 }).catch(() => {});
  }
  await page.getByLabel('验证码').fill(ctx.server.lastCode('13900003333'));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`**/declare/${person}/confirm`);
  await page.getByText('山西省 运城市 盐湖区 中城街道 西花园社区居委会').waitFor();
  assert.ok(await page.getByLabel(/本人郑重承诺/).isChecked());
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.waitForURL(`**/code/${person}`);
  const saved = await page.evaluate(async (id) => (await fetch(`/api/v1/persons/${id}/declaration`)).json(), person);
  assert.equal(saved.version, 1);
  assert.equal(saved.name, '王芳');
  await context.close();
});
