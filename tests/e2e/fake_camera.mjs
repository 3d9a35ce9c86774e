// A fake rear camera for Chromium (--use-file-for-fake-video-capture): a Y4M video of a QR
// code on a grey desk, as a phone would show it to a checkpoint. The QR is drawn by the npm
// `qrcode` package — not by the app — so the scanner is tested against an independent encoder.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

const WIDTH = 640;
const HEIGHT = 480;

/** Writes `path` as a two-frame 640×480 Y4M (4:2:0) showing `text` as a QR code. */
export function writeCodeVideo(text, path) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) * 0.85 / (n + 8));
  const side = (n + 8) * scale;
  const ox = Math.floor((WIDTH - side) / 2);
  const oy = Math.floor((HEIGHT - side) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 120);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - 4;
      const my = Math.floor(y / scale) - 4;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx);
      luma[(oy + y) * WIDTH + ox + x] = dark ? 25 : 230;
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, frame, frame]));
  return path;
}

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function base45Decode(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const c = [...text.slice(i, i + 3)].map((ch) => B45.indexOf(ch));
    const v = c[0] + c[1] * 45 + (c.length === 3 ? c[2] * 2025 : 0);
    if (c.length === 3) out.push(v >> 8, v & 0xff); else out.push(v);
  }
  return Buffer.from(out);
}

function base45Encode(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let v = bytes[i] * 256 + bytes[i + 1];
      const e = Math.floor(v / 2025); v %= 2025;
      out += B45[v % 45] + B45[Math.floor(v / 45)] + B45[e];
    } else {
      out += B45[bytes[i] % 45] + B45[Math.floor(bytes[i] / 45)];
    }
  }
  return out;
}

/**
 * A forgery of a genuine token: its payload altered (the masked name's first byte changed),
 * the issuer's signature left as it was.
 */
export function tamper(token) {
  const bytes = base45Decode(token.slice('HC1:'.length));
  const payloadEnd = bytes.length - 64;
  // Alter a byte well inside the payload, past the issuer and key id.
  bytes[Math.floor(payloadEnd / 2)] ^= 0x01;
  return `HC1:${base45Encode(bytes)}`;
}
