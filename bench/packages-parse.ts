/**
 * Decrypt and parse speed of the package pipeline (src/main/packages) on 1,000,000
 * codes: 20 segments of 50,000, built and encrypted by the simulator, in each layout.
 * Prints codes/s for decrypt (base64 + AES + padding + text check), for check
 * (parse + count/order/uniqueness + SHA-256) and for reading every row out of
 * `batches()` (the strings the importer binds). Run: npx tsx bench/packages-parse.ts
 */
import { checkPackage, decryptPackage, type ColumnRole, type PackageSegmentRange } from '../src/main/packages';
import { DEMO_ACCOUNT, PACKAGE_LAYOUTS, buildPackageText, createCodeGenerator, encryptPackage } from '../src/main/simulator';

const SEGMENTS = 20;
const SEGMENT_SIZE = 50_000;
const ROUNDS = 5;
const serviceKey = DEMO_ACCOUNT.serviceKey;
const generator = createCodeGenerator('bench-packages');

function rate(codes: number, ms: number): string {
  return `${Math.round((codes / ms) * 1000).toLocaleString('en-US')} codes/s`.padStart(22);
}

console.log(`package pipeline: ${SEGMENTS} segments × ${SEGMENT_SIZE.toLocaleString('en-US')} codes, best of ${ROUNDS} rounds`);
/** The one layout only a mapping set by hand reads (its WeChat code is shaped like a code). */
const MAPPING: Partial<Record<(typeof PACKAGE_LAYOUTS)[number], ColumnRole[]>> = {
  short_wechat_code_4col: ['extra', 'code', 'index', 'code_url'],
};

for (const layout of PACKAGE_LAYOUTS) {
  const segments: { range: PackageSegmentRange; buffer: string }[] = [];
  let base64Bytes = 0;
  for (let s = 0; s < SEGMENTS; s++) {
    const range = { applicationId: 1, codeStart: s * SEGMENT_SIZE, codeEnd: (s + 1) * SEGMENT_SIZE - 1 };
    const buffer = encryptPackage(buildPackageText(generator, { serialStart: 0, ...range }, layout), serviceKey);
    base64Bytes += buffer.length;
    segments.push({ range, buffer });
  }
  const total = SEGMENTS * SEGMENT_SIZE;
  let decryptMs = Infinity;
  let checkMs = Infinity;
  let rowsMs = Infinity;
  let checksum = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let decrypting = 0;
    let checking = 0;
    let reading = 0;
    for (const { range, buffer } of segments) {
      const t0 = performance.now();
      const plaintext = decryptPackage(buffer, serviceKey, range);
      const t1 = performance.now();
      const checked = checkPackage(plaintext, range, MAPPING[layout]);
      const t2 = performance.now();
      for (const batch of checked.batches()) {
        for (const row of batch) checksum += row.codeUrl.length + (row.code === null ? 0 : row.code.length);
      }
      const t3 = performance.now();
      decrypting += t1 - t0;
      checking += t2 - t1;
      reading += t3 - t2;
    }
    decryptMs = Math.min(decryptMs, decrypting);
    checkMs = Math.min(checkMs, checking);
    rowsMs = Math.min(rowsMs, reading);
  }
  if (checksum === 0) throw new Error('no rows read');
  console.log(
    `${layout.padEnd(16)} (${(base64Bytes / SEGMENTS / 1e6).toFixed(2)} MB base64 a segment)` +
      `\n  decrypt       ${rate(total, decryptMs)}  (${decryptMs.toFixed(0)} ms)` +
      `\n  check         ${rate(total, checkMs)}  (${checkMs.toFixed(0)} ms)` +
      `\n  rows          ${rate(total, rowsMs)}  (${rowsMs.toFixed(0)} ms)` +
      `\n  decrypt+parse ${rate(total, decryptMs + checkMs + rowsMs)}  (${(decryptMs + checkMs + rowsMs).toFixed(0)} ms)`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes the 20 prepared segments)`);
