import { cliErrors } from '../../../shared/error-catalogue/cli';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { createPrintRunExporter } from '../../batches/export';
import type { CliCommand } from '../command';
import { modeFolder } from '../../modes';
import { withApp } from '../compose-for-cli';

const DEMO_CODE_COUNT = 100_000;
const DEMO_EXPORT_END = 9_999;

/**
 * The whole supervisor flow in Training mode: apply, wait, download and import,
 * then export the first 10,000 codes for the printer.
 */
export const demoCommand: CliCommand = {
  path: ['demo'],
  usage: 'marketcode demo [--json]',
  summary: {
    'zh-CN': '培训模式演示：申请 100,000 个码，下载导入，导出前 10,000 个',
    en: 'Training demo: apply for 100,000 codes, import them, export the first 10,000',
  },
  options: { json: { type: 'boolean' } },
  run: (context, values) =>
    withApp(context, async (app) => {
      if (app.services.connection.info().mode !== 'training') throw cliErrors.CLI_DEMO_NEEDS_TRAINING();
      const zh = context.locale === 'zh-CN';
      const say = (text: string) => context.io.stderr(text + '\n');
      const started = Date.now();

      const applied = app.services.batches.apply(
        { code_count: DEMO_CODE_COUNT, label: zh ? '演示批次' : 'Demo batch' },
        app.actorFor('batches.apply'),
      );
      say(
        zh
          ? `已记录申请 ${applied.isv_application_id}，等待微信（模拟器）生成码…`
          : `Recorded application ${applied.isv_application_id}; waiting for WeChat (the simulator) to generate the codes…`,
      );
      const imported = await app.services.batches.settle(applied.isv_application_id);
      const importSeconds = (Date.now() - started) / 1000;
      say(
        zh
          ? `已导入 ${imported.codes_imported.toLocaleString('en-US')} 个码，用时 ${importSeconds.toFixed(1)} 秒。`
          : `Imported ${imported.codes_imported.toLocaleString('en-US')} codes in ${importSeconds.toFixed(1)} s.`,
      );

      const folder = join(modeFolder(context.dataDir, 'training'), 'exports');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `demo-${imported.application_id}-0-${DEMO_EXPORT_END}.csv`);
      const exporter = createPrintRunExporter({ db: app.ledger, audit: app.services.audit, mode: app.mode() });
      const printRun = await exporter.exportRange(
        {
          application_id: imported.application_id!,
          code_start: 0,
          code_end: DEMO_EXPORT_END,
          format: 'csv',
          columns: ['index', 'code', 'code_url'],
          header: true,
          line_ending: 'crlf',
        },
        file,
        app.actorFor('batches.export'),
      );
      const summary = {
        application_id: imported.application_id,
        isv_application_id: imported.isv_application_id,
        codes_imported: imported.codes_imported,
        segments: imported.segments_total,
        export: { file: printRun.file_path, count: printRun.count, sha256: printRun.file_sha256 },
        audit_chain_intact: app.services.audit.verify().ok,
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      };
      if (values.json) {
        context.io.stdout(JSON.stringify(summary) + '\n');
      } else {
        context.io.stdout(
          (zh
            ? [
                `演示完成：申请 ${summary.application_id}，导入 ${summary.codes_imported.toLocaleString('en-US')} 个码（${summary.segments} 个码段）。`,
                `导出给打印机：${summary.export.file}（${summary.export.count.toLocaleString('en-US')} 个码，SHA-256 ${summary.export.sha256}）`,
                `审计链：${summary.audit_chain_intact ? '完整' : '已损坏'}；总用时 ${summary.seconds} 秒。`,
              ]
            : [
                `Demo done: application ${summary.application_id}, ${summary.codes_imported.toLocaleString('en-US')} codes imported (${summary.segments} segments).`,
                `Exported for the printer: ${summary.export.file} (${summary.export.count.toLocaleString('en-US')} codes, SHA-256 ${summary.export.sha256})`,
                `Audit chain: ${summary.audit_chain_intact ? 'intact' : 'BROKEN'}; ${summary.seconds} s in all.`,
              ]
          ).join('\n') + '\n',
        );
      }
      return 0;
    }),
};
