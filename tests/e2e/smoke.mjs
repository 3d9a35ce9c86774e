// Opens a running healthcode (default http://127.0.0.1:8080, e.g. from `make run`) in
// Chromium like a new user and reports console errors: `node tests/e2e/smoke.mjs [URL]`.
import { launchBrowser, newPhonePage, screenshot } from './harness.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8080';
const browser = await launchBrowser();
const { page, problems } = await newPhonePage(browser);
await page.goto(url);
await page.getByRole('heading', { level: 1 }).waitFor();
await page.getByRole('status').getByText('正常').waitFor();
const path = await screenshot(page, 'smoke-make-run');
console.log(`title: ${await page.title()}; screenshot: ${path}; console errors: ${problems.length}`);
for (const p of problems) console.log(`  ${p}`);
await browser.close();
process.exit(problems.length === 0 ? 0 : 1);
