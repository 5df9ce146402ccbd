import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { OTHER_PRODUCT, PRODUCT, SUPERVISOR, verificationWorld, type VerificationWorld } from '../verification/helpers';

const worlds: VerificationWorld[] = [];
afterEach(async () => {
  while (worlds.length > 0) await worlds.pop()!.dispose();
});

/** The CLI records under the OS hostname, so the world's station does too (a session started there applies to the CLI). */
async function world() {
  const created = await verificationWorld({ stationName: null });
  worlds.push(created);
  await created.activate(0, 999, PRODUCT);
  await created.activate(1_000, 1_999, OTHER_PRODUCT);
  created.simulator().admin.resetCounters();
  return created;
}

async function verify(w: VerificationWorld, args: string[], stdin?: string[]) {
  let stdout = '';
  let stderr = '';
  const chunks = stdin
    ? (async function* () {
        for (const chunk of stdin) yield chunk;
      })()
    : undefined;
  const code = await runCli(['verify', ...args, '--data-dir', w.dataDir], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: w.environment(),
    ...(chunks ? { stdin: chunks } : {}),
  });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines, stderr };
}

describe('marketcode verify', () => {
  it('prints one final verdict as JSON; exit 0 only for PASS', async () => {
    const w = await world();
    const pass = await verify(w, [`http://${w.code(5).code_url.toLowerCase()}`]);
    expect(pass.code).toBe(0);
    expect(pass.lines).toEqual([
      {
        input: `http://${w.code(5).code_url.toLowerCase()}`,
        verdict: 'PASS',
        reason: null,
        application_id: w.applicationId,
        code_index: 5,
        remote: 'confirmed',
      },
    ]);
    const wrong = await verify(w, [w.code(1_005).code, '--product', PRODUCT.product_code]);
    expect(wrong.code).toBe(1);
    expect(wrong.lines[0]).toMatchObject({
      verdict: 'WRONG_PRODUCT',
      reason: { code: 'VERIFY_WRONG_PRODUCT', message: expect.stringContaining(OTHER_PRODUCT.product_title) },
    });
    // Without a session and without --product there is no product to be wrong about.
    expect((await verify(w, [w.code(1_005).code])).lines[0]).toMatchObject({ verdict: 'PASS' });
    expect((await verify(w, ['--local', w.code(6).code])).lines[0]).toMatchObject({ verdict: 'PASS', remote: 'pending' });
    expect(w.engine.scanById(w.engine.recentScans({ limit: 1 })[0]!.id)).toMatchObject({ source: 'cli', remote: 'pending' });
  });

  it('refuses bad usage', async () => {
    const w = await world();
    expect(await verify(w, [])).toMatchObject({ code: 1, stderr: expect.stringContaining('<text>') });
    expect(await verify(w, ['a', '--stdin'], [])).toMatchObject({ code: 1 });
    expect(await verify(w, ['a', '--product', '123'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--product') });
  });

  it('--stdin: one JSON object per line, in input order, with the per-range cache across lines', async () => {
    const w = await world();
    const inputs = [
      ...Array.from({ length: 8 }, (_, i) => w.code(100 + i).code_url),
      `]Q1${w.code(200).code}`,
      'garbage',
      'P.URL.CN/0U.ZZZZZZZZZZZZZZZZ',
      w.code(1_100).code,
      w.code(5_000).code,
    ];
    // Chunks split lines anywhere; CRLF and blank lines as a scanner log would have them.
    const text = inputs.join('\r\n') + '\r\n\r\n';
    const result = await verify(w, ['--stdin', '--product', PRODUCT.product_code], [text.slice(0, 50), text.slice(50, 51), text.slice(51)]);
    expect(result.code).toBe(1);
    expect(result.lines.map((line) => line.input)).toEqual(inputs);
    expect(result.lines.map((line) => line.verdict)).toEqual([
      ...Array(9).fill('PASS'),
      'INVALID',
      'UNKNOWN_CODE',
      'WRONG_PRODUCT',
      'NOT_ACTIVATED',
    ]);
    expect(result.lines.map((line) => line.remote)).toEqual([
      ...Array(9).fill('confirmed'),
      'skipped',
      'skipped',
      'confirmed',
      'confirmed',
    ]);
    for (const line of result.lines)
      expect(Object.keys(line).sort()).toEqual(['application_id', 'code_index', 'input', 'reason', 'remote', 'verdict']);
    // One call for range 0–999, one for 1000–1999, one for the index nobody activated.
    expect(w.codeactivequeries()).toBe(3);
  });

  it('--stdin inside the station’s running session: duplicates count, and a FAIL blocks until acknowledged', async () => {
    const w = await world();
    const session = w.engine.startSession({ line: 'L1', product_code: PRODUCT.product_code }, SUPERVISOR);
    const inputs = [w.code(1).code, w.code(2).code, w.code(1).code, w.code(3).code];
    const result = await verify(w, ['--stdin'], [inputs.join('\n')]);
    expect(result.lines.map((line) => line.verdict)).toEqual(['PASS', 'PASS', 'DUPLICATE', null]);
    expect(result.lines[3]).toMatchObject({ reason: { code: 'VERIFY_ACK_REQUIRED' }, remote: null });
    expect(w.engine.currentSession()).toMatchObject({ id: session.id, total: 3, unacknowledged: 1 });
  });

  it('speaks Chinese when asked', async () => {
    const w = await world();
    let stdout = '';
    await runCli(['verify', 'garbage', '--data-dir', w.dataDir], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { ...w.environment(), LANG: 'zh_CN.UTF-8' },
    });
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'INVALID', reason: { message: expect.stringContaining('不是营销码') } });
  });
});
