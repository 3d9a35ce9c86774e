// `make bench`, checkpoint scanner: Chromium with a fake rear camera playing a resident's
// green code, the release build of the app. Prints figures, asserts nothing:
//   - decode: the decoder worker's wasm per camera frame (RGBA → luma → rqrr), ms
//   - frame: the page's side of a frame (draw on a canvas, read the pixels, hand them to the
//     worker and get the answer), ms — the page's thread is free while the worker decodes
//   - verify: the offline check of a code read (Ed25519 against the cached trust list), ms
//   - read → verdict: from a code read to the final verdict, the online POST /verify included
//   - camera button → verdict: what the checker waits for, camera start-up included
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  adminCommand, apiLogIn, declareViaApi, launchBrowser, logInViaUi, newPhonePage, startServer, OUTPUT,
} from '../tests/e2e/harness.mjs';
import { writeCodeVideo } from '../tests/e2e/fake_camera.mjs';

const SCAN_SECONDS = 8;

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return sorted.length === 0
    ? 'none'
    : `n=${sorted.length} p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

const server = await startServer({}, {});
const plain = await launchBrowser();
let scanner;
try {
  adminCommand(server, 'admin', 'create', '--phone', '13900009001', '--role', 'checkpoint');
  const cookie = await apiLogIn(server, '13900009001');
  const { page: resident } = await newPhonePage(plain);
  await logInViaUi(resident, server, '13900009101');
  const { person } = await declareViaApi(resident);
  const code = await resident.evaluate(async (p) => (await fetch(`/api/v1/persons/${p}/code`)).json(), person);

  const video = writeCodeVideo(code.token, join(OUTPUT, 'bench-scan.y4m'));
  scanner = await launchBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  const { context, page } = await newPhonePage(scanner, { permissions: ['camera'] });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: server.base }]);
  await page.goto(`${server.base}/scan`);
  await page.getByText(/核验名单更新于/).first().waitFor();
  const clicked = Date.now();
  await page.getByRole('button', { name: '打开摄像头' }).click();
  await page.getByRole('region', { name: '通行', exact: true }).waitFor({ timeout: 30_000 });
  const toVerdict = Date.now() - clicked;
  // Keep scanning: every frame is decoded (the same code is verified once).
  await page.waitForTimeout(SCAN_SECONDS * 1000);
  const entries = await page.evaluate(() => Object.fromEntries(
    ['hc-scan-decode', 'hc-scan-frame', 'hc-scan-verify', 'hc-scan-result'].map((n) => [n, performance.getEntriesByName(n).map((e) => e.duration)]),
  ));
  const cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
  console.log(`scan: release wasm in headless Chromium, 640x480 camera frames, ${cores} cores (Chromium's measure rounds to 0.1 ms)`);
  console.log(`  decode per frame (worker wasm): ${stats(entries['hc-scan-decode'])}`);
  console.log(`  frame round trip (page):  ${stats(entries['hc-scan-frame'])}`);
  console.log(`  offline verify (wasm):    ${stats(entries['hc-scan-verify'])}`);
  console.log(`  read -> verdict (online): ${stats(entries['hc-scan-result'])}`);
  console.log(`  camera button -> verdict: ${toVerdict} ms (camera start-up included)`);
  console.log(`  frames decoded: ${entries["hc-scan-decode"].length} in ~${SCAN_SECONDS + toVerdict / 1000 | 0} s (a frame every ~100 ms after each decode, by design)`);
} finally {
  await scanner?.close();
  await plain.close();
  await server.stop();
}

