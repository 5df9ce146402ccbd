import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '@main/audit';
import type { CliCommand, CliContext } from '@main/cli';
import { auditCommand } from '@main/cli/commands/audit';
import type { Locale } from '@shared/errors';
import { AppError } from '@shared/errors';
import { fixedClock, openAuditLedger, tamper, tempDir } from './helpers';

const command: CliCommand = auditCommand;

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('mc-audit-cli-'));
  const db = openAuditLedger(dir);
  const audit = createAuditLog(db, { now: fixedClock() });
  for (let index = 1; index <= 20; index++) {
    audit.append({ actor: 'operator', action: index === 12 ? 'print_run.exported' : 'segment.imported', details: { index } });
  }
  db.close();
});
afterEach(() => cleanup());

async function run(values: Record<string, boolean> = {}, locale: Locale = 'en', dataDir = dir) {
  let stdout = '';
  let stderr = '';
  const context: CliContext = { io: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {} }, locale, dataDir };
  const code = await command.run(context, values, []);
  return { code, stdout, stderr };
}

describe('marketcode audit verify', () => {
  it('is `audit verify [--against FILE] [--json]`', () => {
    expect(auditCommand.path).toEqual(['audit', 'verify']);
    expect(auditCommand.usage).toBe('marketcode audit verify [--against FILE] [--json]');
    expect(auditCommand.options).toEqual({ json: { type: 'boolean' }, against: { type: 'string' } });
  });

  it('reports an intact chain and exits 0', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Station and Live ledger: 20 entries, intact\n {2}head: #20 [0-9a-f]{64}\n$/);
    const zh = await run({}, 'zh-CN');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('工作站与正式账本：共 20 条记录，完整');
  });

  it('--json prints the result object', async () => {
    const result = await run({ json: true });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { chains: [{ head: { hash: string } }] };
    expect(parsed).toEqual({
      ok: true,
      chains: [{ chain: 'station', file: 'ledger.sqlite', ok: true, entries: 20, head: { seq: 20, hash: parsed.chains[0].head.hash } }],
    });
    expect(parsed.chains[0].head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the first edited entry and exits 1', async () => {
    tamper(dir, `UPDATE audit_log SET details_json = '{"index":999}' WHERE seq = 12`);
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'Station and Live ledger: BROKEN at entry #12 (print_run.exported, 2025-01-02T03:04:16.000Z) — hash_mismatch',
    );
    expect(result.stdout).toContain('12 entries checked');
    const zh = await run({}, 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('工作站与正式账本：已损坏，第 #12 条记录（print_run.exported');
    const json = await run({ json: true });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      chains: [{ chain: 'station', ok: false, entries_checked: 12, first_broken_seq: 12, reason: 'hash_mismatch' }],
    });
  });

  it('names the entry after a deleted one', async () => {
    tamper(dir, 'DELETE FROM audit_log WHERE seq IN (5, 6)');
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'BROKEN at entry #7 (segment.imported, 2025-01-02T03:04:11.000Z) — seq_gap: entries #5–#6 before it are missing',
    );
  });

  it('refuses a data directory without a ledger instead of creating one', async () => {
    cleanup();
    const error = await run({}, 'en').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('LEDGER_NOT_FOUND');
  });
});
