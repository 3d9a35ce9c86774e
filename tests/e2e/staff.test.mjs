// The staff console end to end, in its own bundle under /staff: a grid worker made by the CLI
// logs in by SMS, sees exactly the residents of their community (the next community's resident
// is absent), watches 今日未打卡 shrink by one when a resident checks in, records a visit, reads
// the day's statistics and downloads the CSV; an official of the county sees each town with its
// counts ("<5" for a town of 3) and drills down to the communities. Residents never download
// the console: the resident app's page loads no staff file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adminCommand, apiCall, apiLogIn, newPhonePage, residentId, screenshot, seriousA11yViolations, withServerAndBrowser,
} from './harness.mjs';

const ctx = withServerAndBrowser();
const api = (cookie, method, path, body) => apiCall(ctx.server, cookie, method, path, body);

const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

/** A family declared over the API: its own person in `places[0]`, dependants in the rest. */
async function family(phone, names, places, seq) {
  const cookie = await apiLogIn(ctx.server, phone);
  const session = await api(cookie, 'GET', '/auth/session');
  const persons = [session.body.me.persons[0].id];
  const relations = ['mother', 'father', 'spouse', 'grandparent', 'maternal_grandparent'];
  for (let i = 1; i < places.length; i++) {
    const added = await api(cookie, 'POST', '/persons', { relation: relations[i - 1] });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    persons.push(added.body.id);
  }
  for (let i = 0; i < places.length; i++) {
    const saved = await api(cookie, 'PUT', `/persons/${persons[i]}/declaration`, {
      name: names[i], sex: 'female', nationality: 'CHN', document_type: 'resident_id',
      document_number: residentId(seq + i), phone, residence_division: places[i],
      residence_address: '解放路 8 号', from_outside_province: false, origin_division: null,
      arrival_date: null, itinerary: [], planned_departure: null, temperature_c: 36.5, symptoms: [],
      contact_history: 'none', isolation_start: null, on_duty_worker: false, commitment: true,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  }
  return { cookie, persons };
}

async function staffLogIn(page, phone) {
  await page.goto(`${ctx.server.base}/staff`);
  await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  assert.deepEqual(await seriousA11yViolations(page), []);
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByRole('button', { name: /秒后重发/ }).waitFor();
  await page.getByLabel('验证码').fill(ctx.server.lastCode(phone));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '我的辖区' }).waitFor();
}

async function noSidewaysScroll(page, width) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `the page scrolls sideways (scrollWidth ${scroll} > ${width})`);
}

let communities;
let first;

test('the city declares: five residents in one community, one next door, three in another town', async () => {
  const town = await (await fetch(`${ctx.server.base}/api/v1/divisions?parent=140802001`)).json();
  const other = await (await fetch(`${ctx.server.base}/api/v1/divisions?parent=140802002`)).json();
  communities = { a: town[0], b: town[1], c: other[0] };
  const { a, b, c } = communities;
  first = await family('13900003001', ['李华', '王秀英', '张伟', '刘洋', '陈静'], [a.code, a.code, a.code, a.code, a.code], 100);
  await family('13900003002', ['赵敏'], [b.code], 200);
  await family('13900003003', ['孙丽', '周强', '吴芳'], [c.code, c.code, c.code], 300);
});

test('a grid worker sees their community only, and 今日未打卡 shrinks after a check-in', async () => {
  const { a } = communities;
  assert.match(adminCommand(ctx.server, 'admin', 'create', '--phone', '13900004001', '--role', 'grid_worker', '--division', a.code),
    /role grid_worker for/);
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await staffLogIn(page, '13900004001');
  await page.getByRole('heading', { level: 2, name: a.name }).waitFor();
  assert.deepEqual(await seriousA11yViolations(page), []);
  await page.getByRole('link', { name: '住户管理' }).click();
  await page.getByRole('heading', { level: 1, name: '住户管理' }).waitFor();
  await page.getByText('符合条件 5 人，网格内共 5 人').waitFor();
  const names = await page.locator('tbody th').allTextContents();
  assert.deepEqual(names.sort(), ['刘*', '张*', '李*', '王*', '陈*'].sort());
  assert.ok(!(await page.content()).includes('赵'), 'the next community\'s resident is listed');
  assert.ok(!(await page.content()).includes(residentId(100)), 'a full ID number is on the page');
  await page.getByText('李*的母亲').waitFor();

  await page.getByLabel('筛选').selectOption({ label: '今日未打卡' });
  await page.getByText('符合条件 5 人，网格内共 5 人').waitFor();
  const checkin = await api(first.cookie, 'POST', `/persons/${first.persons[1]}/checkins`,
    { temperature_c: 36.6, symptoms: [], current_division: null });
  assert.equal(checkin.status, 200, JSON.stringify(checkin.body));
  await page.reload();
  await page.getByLabel('筛选').selectOption({ label: '今日未打卡' });
  await page.getByText('符合条件 4 人，网格内共 5 人').waitFor();
  assert.ok(!(await page.locator('tbody th').allTextContents()).includes('王*'), 'the checked-in resident is still listed');
  await page.getByLabel('按姓名查找').fill('陈');
  await page.getByText('符合条件 1 人，网格内共 5 人').waitFor();
  await noSidewaysScroll(page, 360);
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshot(page, 'staff-residents-360');

  // A resident's detail: masked, with a follow-up recorded.
  await page.getByRole('link', { name: '陈*' }).click();
  await page.getByRole('heading', { level: 1, name: '住户详情' }).waitFor();
  await page.getByLabel('已上门').check();
  await page.getByLabel('备注（选填）').fill('字'.repeat(201));
  await page.getByRole('button', { name: '记录跟进' }).click();
  await page.getByText('备注不能超过 200 个字（现在 201 个）').waitFor();
  assert.equal((await page.getByLabel('备注（选填）').inputValue()).length, 201, 'the note typed was lost');
  await page.getByLabel('备注（选填）').fill('独居老人，已送药');
  await page.getByRole('button', { name: '记录跟进' }).click();
  await page.getByText('独居老人，已送药').waitFor();
  await page.reload();
  await page.getByText('独居老人，已送药').waitFor();
  await noSidewaysScroll(page, 360);
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshot(page, 'staff-resident-360');

  // 住户打卡统计 and its CSV.
  await page.goto(`${ctx.server.base}/staff/stats/${a.code}`);
  await page.getByRole('heading', { level: 1, name: '住户打卡统计' }).waitFor();
  await page.getByText('已打卡 1 人 / 共 5 人').waitFor();
  const href = await page.getByRole('link', { name: '导出当日名单（CSV）' }).getAttribute('href');
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), href);
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 6, csv);
  assert.equal(lines.filter((l) => l.includes(',是,')).length, 1, csv);
  assert.ok(!csv.includes('李华') && !csv.includes(residentId(100)), csv);
  assert.deepEqual(await seriousA11yViolations(page), []);
  await noSidewaysScroll(page, 360);
  await screenshot(page, 'staff-stats-360');
  assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), []);

  // 社区代登记: the console registers a resident without a phone under the worker's account and
  // opens the resident app's declaration form for them. (That page asks for a saved declaration
  // first: a 404 until there is one.)
  await page.goto(`${ctx.server.base}/staff/residents/${a.code}`);
  await page.getByRole('button', { name: '为无手机的居民代登记' }).click();
  await page.waitForURL(/\/declare\/p_[^/]+\/identity$/);
  await page.getByRole('heading', { level: 1, name: '居民健康登记' }).waitFor();
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).persons);
  const assisted = me.find((p) => p.relation === 'other');
  assert.equal(assisted?.relation_note, '社区代登记', JSON.stringify(me));
  assert.deepEqual(await seriousA11yViolations(page), []);
  await context.close();
});

test('an official sees each town, a town of 3 as "<5", and drills down to the communities', async () => {
  const { a, b } = communities;
  adminCommand(ctx.server, 'admin', 'create', '--phone', '13900004002', '--role', 'official', '--division', '140802');
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await staffLogIn(page, '13900004002');
  await page.getByRole('link', { name: '辖区完成情况' }).click();
  await page.getByRole('heading', { level: 1, name: '辖区完成情况' }).waitFor();
  const row = (name) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  // Waits for the row (the table arrives after the heading), then reads its cells.
  const cells = async (name) => {
    await row(name).waitFor();
    return (await row(name).getByRole('cell').allTextContents()).map((c) => c.trim());
  };
  // 中城街道: 6 registered (5 + 1), 1 checked in (<5, so no rate), all green; 东城街道: 3, as <5.
  assert.deepEqual((await cells('中城街道')).slice(0, 3), ['6', '<5', '—']);
  assert.equal((await cells('中城街道'))[3], '6');
  assert.deepEqual((await cells('东城街道')).slice(0, 2), ['<5', '0']);
  assert.equal((await cells('合计'))[0], '9');
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshot(page, 'staff-completion-county');

  await page.getByRole('link', { name: '中城街道' }).click();
  await page.getByRole('link', { name: '返回上一级' }).waitFor();
  await row(a.name).waitFor();
  assert.deepEqual((await cells(a.name)).slice(0, 2), ['5', '<5']);
  assert.equal((await cells(b.name))[0], '<5');
  assert.equal(await row(a.name).getByRole('link').count(), 0, 'a community drills down to residents');
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshot(page, 'staff-completion-town');
  // Aggregates only: the resident list is not for officials.
  const list = await page.evaluate(async (code) => (await fetch(`/api/v1/staff/residents?division=${code}`)).status, a.code);
  assert.equal(list, 403);
  // The console in English.
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Completion by division' }).waitFor();
  await page.getByRole('columnheader', { name: 'Registered' }).waitFor();
  await page.getByText(/Division official · 139\*{4}4002/).waitFor();
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshot(page, 'staff-completion-town-en');
  await context.close();
});

test('residents never download the staff console', async () => {
  const { context, page } = await newPhonePage(ctx.browser);
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto(`${ctx.server.base}/`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  assert.ok(loaded.some((p) => p.endsWith('_bg.wasm')), `the app loaded no wasm: ${loaded}`);
  assert.deepEqual(loaded.filter((p) => p.startsWith('/staff')), []);
  await context.close();
});
