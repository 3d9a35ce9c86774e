// Family members and paper codes: a resident adds 母亲 and a child (the child only with the
// guardian's consent), switches between the codes (the 家属码 band), prints a sheet to PDF,
// decodes every QR on it with zbarimg and verifies each (right person, applicant, relation),
// saves a card as a PNG, reports one lost (verify: revoked); a 4th account cannot link 母亲.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  apiLogIn, declareViaApi, decodeQr, logInViaUi, newPhonePage, residentId, scanAndVerify, screenshot,
  seriousA11yViolations, withServerAndBrowser, OUTPUT,
} from './harness.mjs';

const ctx = withServerAndBrowser();
const MOTHER_ID = '110105195001010012';
const CHILD_ID = '110105201506010016';

async function verify(token) {
  const response = await fetch(`${ctx.server.base}/api/v1/verify`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
  });
  return response.json();
}

async function looks(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${name}: no horizontal overflow (scrollWidth ${width})`);
  assert.deepEqual(await seriousA11yViolations(page), [], `${name}: axe`);
  await screenshot(page, `family-${name}-360`);
}

/** Adds a family member through the form; returns the new person's id (from the URL). */
async function addFamily(page, relation, { note, consent } = {}) {
  await page.goto(`${ctx.server.base}/`);
  await page.getByRole('link', { name: '新增家属' }).click();
  await page.getByRole('heading', { level: 1, name: '新增家属' }).waitFor();
  await page.getByLabel(relation, { exact: true }).check();
  if (note) await page.getByLabel('具体关系').fill(note);
  if (consent) await page.getByLabel(/我是其监护人/).check();
  await page.getByRole('button', { name: '添加并去登记' }).click();
  await page.waitForURL(/\/declare\/[^/]+\/identity$/);
  return page.url().split('/declare/')[1].split('/')[0];
}

/** An account made over HTTP that adds 母亲 and declares her; returns the HTTP status. */
async function otherChildDeclaresMother(phone, seq) {
  const cookie = await apiLogIn(ctx.server, phone);
  const api = (method, path, body, key) => fetch(`${ctx.server.base}/api/v1${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: body && JSON.stringify(body),
  });
  const mother = await (await api('POST', '/persons', { relation: 'mother' })).json();
  const villages = await (await fetch(`${ctx.server.base}/api/v1/divisions?parent=140802001`)).json();
  const response = await api('PUT', `/persons/${mother.id}/declaration`, {
    name: '王秀英', sex: 'female', nationality: 'CHN', document_type: 'resident_id',
    document_number: MOTHER_ID, phone: `1390000${9100 + seq}`, residence_division: villages[0].code,
    residence_address: '解放路 8 号', from_outside_province: false, origin_division: null,
    arrival_date: null, itinerary: [], planned_departure: null, temperature_c: 36.5, symptoms: [],
    contact_history: 'none', isolation_start: null, on_duty_worker: false, commitment: true,
  }, `other-child-${seq}`);
  return { status: response.status, body: await response.json() };
}

test('母亲 and a child: consent, switching codes, a printed sheet that decodes, PNG, 挂失, the 3-account cap', async () => {
  const { context, page, problems } = await newPhonePage(ctx.browser);
  await logInViaUi(page, ctx.server, '13900009001');
  const own = await declareViaApi(page, { document_number: residentId(901) });
  assert.equal(own.status, 200);

  // 母亲: added through the form, declared (the form has its own tests).
  const mother = await addFamily(page, '母亲');
  assert.equal((await declareViaApi(page, { name: '王秀英', document_number: MOTHER_ID }, mother)).status, 200);

  // A child under 14: the identity step asks the guardian to consent, by the field.
  await page.goto(`${ctx.server.base}/`);
  await page.getByRole('link', { name: '新增家属' }).click();
  await page.getByLabel('子女', { exact: true }).check();
  await looks(page, '1-add');
  const child = await addFamily(page, '子女');
  await page.getByLabel('姓名').fill('李小明');
  await page.getByLabel('男', { exact: true }).check();
  await page.getByLabel('证件号码').fill(CHILD_ID);
  await page.getByLabel('手机号码').fill('13900009001');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('#guardian_consent-error').getByText('未满 14 周岁的儿童须由监护人勾选同意后方可登记').waitFor();
  assert.match(page.url(), /\/identity$/);
  await page.getByLabel(/我是其监护人/).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/residence$/);
  const refused = await declareViaApi(page, { name: '李小明', sex: 'male', document_number: CHILD_ID }, child);
  assert.equal(refused.status, 422);
  assert.equal(refused.body.field, 'guardian_consent');
  const childSaved = await declareViaApi(page, { name: '李小明', sex: 'male', document_number: CHILD_ID, guardian_consent: true }, child);
  assert.equal(childSaved.status, 200);

  // Two more dependants so a sheet has five cards: two A4 pages.
  const father = await addFamily(page, '父亲');
  await declareViaApi(page, { name: '李建国', sex: 'male', document_number: residentId(902) }, father);
  const uncle = await addFamily(page, '其他', { note: '舅舅' });
  await declareViaApi(page, { name: '王强', sex: 'male', document_number: residentId(903) }, uncle);

  // Switching codes: tabs, and a dependant's code says whose it is, inside the token too.
  await page.goto(`${ctx.server.base}/code/${own.person}`);
  await page.getByRole('heading', { level: 1, name: '绿码' }).waitFor();
  const tabs = page.getByRole('navigation', { name: '切换家人' });
  assert.equal(await tabs.getByRole('link').count(), 5);
  await tabs.getByRole('link', { name: /母亲/ }).click();
  await page.waitForURL(`**/code/${mother}`);
  await page.getByText('家属码 · 申请人 李* · 关系 母亲').waitFor();
  assert.equal(await tabs.getByRole('link', { name: /母亲/ }).getAttribute('aria-current'), 'page');
  const { verdict } = await scanAndVerify(page.getByRole('img', { name: /健康码二维码/ }), ctx.server, 'family-mother-qr');
  assert.equal(verdict.valid, true);
  assert.equal(verdict.relation, 'mother');
  assert.equal(verdict.applicant_masked, '李*');
  assert.equal(verdict.name_masked, '王*');
  await looks(page, '2-mother-code');
  await tabs.getByRole('link', { name: /舅舅/ }).click();
  await page.getByText('家属码 · 申请人 李* · 关系 舅舅').waitFor();

  // The print page: everyone ticked, five cards, printed to PDF by Chromium.
  await page.goto(`${ctx.server.base}/print?person=${own.person}`);
  await page.getByRole('heading', { level: 1, name: '打印纸质健康码' }).waitFor();
  for (const label of [/母亲 王\*/, /子女 李\*/, /父亲 李\*/, /舅舅 王\*/]) await page.getByLabel(label).check();
  assert.ok(await page.getByLabel(/本人 李\*/).isChecked(), 'the person the page was opened for is ticked');
  await page.getByRole('button', { name: '生成纸质码' }).click();
  await page.getByRole('button', { name: '打印', exact: true }).waitFor();
  assert.equal(await page.locator('.paper-card').count(), 5);
  await looks(page, '3-print');
  const pdf = join(OUTPUT, 'family-sheet.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  execFileSync('pdftoppm', ['-r', '200', '-png', pdf, join(OUTPUT, 'family-sheet')]);
  const pages = readdirSync(OUTPUT).filter((f) => /^family-sheet-\d+\.png$/.test(f)).sort();
  assert.equal(pages.length, 2, `two A4 pages for five cards: ${pages}`);
  const perPage = pages.map((f) => decodeQr(join(OUTPUT, f)));
  assert.deepEqual(perPage.map((t) => t.length), [4, 1], 'four cards on the first page');
  const verdicts = await Promise.all(perPage.flat().map(verify));
  for (const v of verdicts) {
    assert.equal(v.valid, true, JSON.stringify(v));
    assert.equal(v.kind, 'paper');
  }
  const byName = Object.fromEntries(verdicts.map((v) => [`${v.relation ?? 'self'} ${v.name_masked}`, v]));
  assert.deepEqual(Object.keys(byName).sort(), ['child 李*', 'father 李*', 'mother 王*', 'other 王*', 'self 李*']);
  for (const [key, v] of Object.entries(byName)) {
    assert.equal(v.applicant_masked ?? null, key.startsWith('self') ? null : '李*', key);
  }

  // Save as image: the PNG's QR verifies the same.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '保存为图片' }).first().click(),
  ]);
  const png = join(OUTPUT, 'family-card.png');
  await download.saveAs(png);
  const [pngToken] = decodeQr(png);
  assert.equal((await verify(pngToken)).valid, true);

  // 挂失: the mother's card is refused from then on; the others still pass.
  const motherToken = perPage.flat().find((t, i) => verdicts[i].relation === 'mother');
  await page.getByRole('heading', { name: /母亲 王\*/ }).waitFor();
  const motherCards = page.locator('h3', { hasText: '母亲 王*' }).locator('xpath=following-sibling::ul[1]');
  await motherCards.getByRole('button', { name: '挂失' }).first().click();
  await motherCards.getByText(/已挂失/).first().waitFor();
  const lost = await verify(motherToken);
  assert.equal(lost.valid, false);
  assert.equal(lost.reason, 'revoked');
  assert.equal(lost.message, '该纸质码已挂失，不能作为通行凭证；请核验身份证件');

  // Two more children link to the same 母亲; a fourth account is refused, clearly.
  for (const [i, phone] of ['13900009002', '13900009003'].entries()) {
    const { status, body } = await otherChildDeclaresMother(phone, i);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.linked_person, mother, 'linked to the same person, not a duplicate');
  }
  const fourth = await otherChildDeclaresMother('13900009004', 3);
  assert.equal(fourth.status, 409);
  assert.equal(fourth.body.code, 'too_many_applicants');
  assert.equal(fourth.body.message, '该家属已由 3 个账户登记，不能再添加；请由已登记的家人为其出示健康码');
  // A new dependant has no saved declaration yet (404) and one refusal (422) was on purpose.
  const expected = /Failed to load resource: the server responded with a status of (404|422)/;
  assert.deepEqual(problems.filter((p) => !expected.test(p)), []);
  await context.close();
});
