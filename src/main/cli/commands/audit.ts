import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { auditErrors } from '../../../shared/error-catalogue/audit';
import { createAuditLog, type AnchorCheck, type AuditRow } from '../../audit';
import { LEDGER_FILE, openLedger, type SqliteDatabase } from '../../ledger';
import { modeLedgerPath, openTrainingLedger, TRAINING_FOLDER } from '../../modes';
import type { CliCommand } from '../command';
import { describeAnchorCheck, readRecordedAnchor, type RecordedAnchor } from './audit-anchor';
import { describeChain, evidenceHint, type AuditChain, type CheckedChain } from './audit-text';
import { assertLedgerExists } from './ledger-stats';

export interface AuditCommandDeps {
  /** How to open (and migrate) the station's ledger; the normal `openLedger` unless a test swaps it. */
  openLedger?: (dataDir: string) => SqliteDatabase;
  /** How to open Training's ledger when the data directory has one; the normal `openTrainingLedger` unless swapped. */
  openTrainingLedger?: (dataDir: string) => SqliteDatabase;
}

/** The chain file, relative to the data directory, as `--json` names it. */
const CHAIN_FILES: Record<AuditChain, string> = { station: LEDGER_FILE, training: `${TRAINING_FOLDER}/${LEDGER_FILE}` };

/**
 * `marketcode audit verify [--against FILE] [--json]`: walks the hash chain of every ledger the data directory has
 * (the station's, and Training's once it exists), and with `--against` also checks that the chain of the file's mode
 * still holds the head an export manifest or shift report recorded; exit 0 when all of it holds, else 1.
 */
export function createAuditCommand(deps: AuditCommandDeps = {}): CliCommand {
  const openers: Record<AuditChain, (dataDir: string) => SqliteDatabase> = {
    station: deps.openLedger ?? openLedger,
    training: deps.openTrainingLedger ?? openTrainingLedger,
  };
  return {
    path: ['audit', 'verify'],
    usage: 'marketcode audit verify [--against FILE] [--json]',
    summary: {
      'zh-CN': '校验工作站与培训账本的审计日志哈希链是否完整（可与导出清单或班次报告记录的最新记录核对）',
      en: 'Check that the audit log hash chains (station and Training) are intact (and still hold the head an export manifest or shift report recorded)',
    },
    options: { json: { type: 'boolean' }, against: { type: 'string' } },
    async run(context, values) {
      const { dataDir } = context;
      assertLedgerExists(dataDir);
      // The file first: a wrong path is refused before a ledger is opened.
      const file = typeof values.against === 'string' ? values.against : undefined;
      const recorded = file === undefined ? undefined : readRecordedAnchor(file);
      const hasTraining = existsSync(modeLedgerPath(dataDir, 'training') ?? '');
      if (file !== undefined && recorded?.mode === 'training' && !hasTraining) {
        throw auditErrors.AUDIT_ANCHOR_NO_TRAINING_LEDGER({ file: basename(file) });
      }
      const anchorChain: AuditChain = recorded?.mode === 'training' ? 'training' : 'station';
      const chains: AuditChain[] = hasTraining ? ['station', 'training'] : ['station'];
      let check: AnchorCheck | undefined;
      const checked = chains.map((chain) => {
        const checkedChain = checkChain(openers[chain](dataDir), chain, chain === anchorChain ? recorded : undefined);
        check ??= checkedChain.check;
        return checkedChain;
      });
      const intact = checked.every(({ result }) => result.ok);
      if (values.json) {
        const against =
          recorded && check
            ? { file, source: recorded.source, mode: recorded.mode, chain: anchorChain, anchor: recorded.anchor, check }
            : undefined;
        const report = {
          ok: intact,
          chains: checked.map(({ chain, result, head }) => ({ chain, file: CHAIN_FILES[chain], ...result, head: head ?? null })),
          ...(against ? { against } : {}),
        };
        context.io.stdout(JSON.stringify(report, null, 2) + '\n');
      } else {
        for (const chain of checked) context.io.stdout(describeChain(chain, context.locale));
        // A failed anchor check ends with the same advice, so it is said once.
        if (!intact && (check?.ok ?? true)) context.io.stdout(evidenceHint(context.locale));
        if (recorded && check) context.io.stdout(describeAnchorCheck(check, recorded, context.locale));
      }
      return intact && (check?.ok ?? true) ? 0 : 1;
    },
  };
}

export const auditCommand: CliCommand = createAuditCommand();

/** Verifies one chain (and the anchor, when it belongs to it), then closes its ledger. */
function checkChain(db: SqliteDatabase, chain: AuditChain, recorded: RecordedAnchor | undefined): CheckedChain & { check?: AnchorCheck } {
  try {
    const audit = createAuditLog(db);
    const result = audit.verify();
    const broken = result.ok
      ? undefined
      : (db.prepare('SELECT action, at FROM audit_log WHERE seq = ?').get(result.first_broken_seq) as
          Pick<AuditRow, 'action' | 'at'> | undefined);
    return {
      chain,
      result,
      head: audit.head(),
      ...(broken ? { broken } : {}),
      ...(recorded ? { check: audit.checkAnchor(recorded.anchor) } : {}),
    };
  } finally {
    db.close();
  }
}
