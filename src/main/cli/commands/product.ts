/**
 * `marketcode product …`: the products activations point to. Writes go
 * through the product service, so they are checked by the same rules as the
 * Products screen, their actor comes from the contract's role for the same
 * channel (app.actorFor) and they are audited the same way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Product, ProductImportReport } from '../../../shared/products-contract';
import type { Locale } from '../../../shared/errors';
import type { ComposedApp } from '../../compose';
import { describeImportProblem, SYSTEM_ACTOR } from '../../products';
import type { CliCommand, CliContext } from '../command';
import { withApp } from '../compose-for-cli';

/** Training's demo products appear for the CLI too, as they do in the app. */
async function withProducts<T>(context: CliContext, work: (app: ComposedApp) => Promise<T>): Promise<T> {
  return withApp(context, async (app) => {
    if (app.services.connection.info().mode === 'training') app.services.products.seedDemoProducts(SYSTEM_ACTOR);
    return work(app);
  });
}

function usageFailure(context: CliContext, usage: string, zh: string, en: string): number {
  const zhCN = context.locale === 'zh-CN';
  context.io.stderr(`${zhCN ? zh : en}\n${zhCN ? '用法' : 'Usage'}: ${usage}\n`);
  return 2;
}

function describeProduct(product: Product, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const type = zh ? ['正式版', '开发版', '体验版'][product.wxa_type] : ['release', 'development', 'trial'][product.wxa_type];
  const state = [
    product.archived_at ? (zh ? '已归档' : 'archived') : null,
    product.activations > 0 ? (zh ? `${product.activations} 个激活在用` : `used by ${product.activations} activation(s)`) : null,
  ].filter(Boolean);
  return (
    `${product.product_code}  ${product.product_brand} · ${product.product_title}  ` +
    `[${product.activity_name}] ${product.wxa_appid} ${product.wxa_path} (${type ?? product.wxa_type})` +
    (state.length > 0 ? `  — ${state.join(zh ? '，' : ', ')}` : '')
  );
}

const ADD_USAGE =
  'marketcode product add --product-code EAN --brand B --title T --activity A --wxa-appid ID --wxa-path P [--wxa-type 0|1|2] [--json]';
const ADD_FLAGS = [
  ['product-code', 'product_code'],
  ['brand', 'product_brand'],
  ['title', 'product_title'],
  ['activity', 'activity_name'],
  ['wxa-appid', 'wxa_appid'],
  ['wxa-path', 'wxa_path'],
] as const;

export const productAddCommand: CliCommand = {
  path: ['product', 'add'],
  usage: ADD_USAGE,
  summary: { 'zh-CN': '添加一个产品（校验条码与小程序信息）', en: 'Add a product (barcode and Mini Program details are checked)' },
  options: {
    'product-code': { type: 'string' },
    brand: { type: 'string' },
    title: { type: 'string' },
    activity: { type: 'string' },
    'wxa-appid': { type: 'string' },
    'wxa-path': { type: 'string' },
    'wxa-type': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(context, values, positionals) {
    if (positionals.length > 0) {
      const extra = positionals.join(' ');
      return usageFailure(context, ADD_USAGE, `多余的参数：${extra}`, `Unexpected arguments: ${extra}`);
    }
    const missing = ADD_FLAGS.filter(([flag]) => typeof values[flag] !== 'string').map(([flag]) => `--${flag}`);
    if (missing.length > 0) {
      return usageFailure(context, ADD_USAGE, `缺少 ${missing.join('、')}。`, `Missing ${missing.join(', ')}.`);
    }
    const text = (flag: string) => String(values[flag]);
    const typeText = typeof values['wxa-type'] === 'string' ? values['wxa-type'].trim() : undefined;
    const input = {
      product_code: text('product-code'),
      product_brand: text('brand'),
      product_title: text('title'),
      activity_name: text('activity'),
      wxa_appid: text('wxa-appid'),
      wxa_path: text('wxa-path'),
      wxa_type: typeText === undefined ? 0 : /^[0-9]$/.test(typeText) ? Number(typeText) : NaN,
    };
    return withProducts(context, async (app) => {
      const product = app.services.products.add(input, app.actorFor('products.add'));
      const zh = context.locale === 'zh-CN';
      context.io.stdout(
        values.json ? JSON.stringify(product) + '\n' : `${zh ? '已添加' : 'Added'}: ${describeProduct(product, context.locale)}\n`,
      );
      return 0;
    });
  },
};

export const productListCommand: CliCommand = {
  path: ['product', 'list'],
  usage: 'marketcode product list [--archived] [--json]',
  summary: { 'zh-CN': '列出产品（--archived 含已归档）', en: 'List products (--archived includes archived ones)' },
  options: { archived: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(context, values) {
    return withProducts(context, async (app) => {
      const products = app.services.products.list({ include_archived: values.archived === true });
      if (values.json) {
        context.io.stdout(JSON.stringify(products, null, 2) + '\n');
        return 0;
      }
      const zh = context.locale === 'zh-CN';
      if (products.length === 0) {
        context.io.stdout(zh ? '没有产品。\n' : 'No products.\n');
        return 0;
      }
      context.io.stdout(products.map((product) => describeProduct(product, context.locale)).join('\n') + '\n');
      return 0;
    });
  },
};

const IMPORT_USAGE = 'marketcode product import FILE [--json]';

export function describeImportReport(report: ProductImportReport, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (report.imported) {
    return zh
      ? `已导入：新增 ${report.added} 个，更新 ${report.updated} 个，未变 ${report.unchanged} 个。\n`
      : `Imported: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged.\n`;
  }
  const bad = report.rows.filter((row) => row.outcome === 'invalid');
  const lines = [
    zh
      ? `未导入任何产品：${bad.length} 行有问题，请改正后重新导入。`
      : `Nothing was imported: ${bad.length} row(s) have problems. Correct them and import again.`,
  ];
  for (const row of bad) {
    const code = row.product_code ? ` (${row.product_code})` : '';
    const reasons = row.problems.map((problem) => describeImportProblem(problem, locale)).join(zh ? '；' : '; ');
    lines.push(zh ? `  第 ${row.line} 行${code}：${reasons}` : `  line ${row.line}${code}: ${reasons}`);
  }
  return lines.join('\n') + '\n';
}

export const productImportCommand: CliCommand = {
  path: ['product', 'import'],
  usage: IMPORT_USAGE,
  summary: {
    'zh-CN': '从 CSV 导入产品（全部通过才导入，并列出每个有问题的行）',
    en: 'Import products from CSV (all or nothing; every bad row is listed)',
  },
  options: { json: { type: 'boolean' } },
  async run(context, values, positionals) {
    if (positionals.length !== 1) {
      return usageFailure(context, IMPORT_USAGE, '请给出一个 CSV 文件。', 'Give one CSV file.');
    }
    const file = resolve(positionals[0]!);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.io.stderr(context.locale === 'zh-CN' ? `无法读取 ${file}：${reason}\n` : `Cannot read ${file}: ${reason}\n`);
      return 1;
    }
    return withProducts(context, async (app) => {
      const report = app.services.products.importCsv(text, app.actorFor('products.import'));
      if (values.json) context.io.stdout(JSON.stringify(report, null, 2) + '\n');
      else if (report.imported) context.io.stdout(describeImportReport(report, context.locale));
      else context.io.stderr(describeImportReport(report, context.locale));
      return report.imported ? 0 : 1;
    });
  },
};

export const productExportCommand: CliCommand = {
  path: ['product', 'export'],
  usage: 'marketcode product export [--out FILE] [--archived]',
  summary: {
    'zh-CN': '把产品导出为 CSV（默认输出到终端；--archived 含已归档）',
    en: 'Export products as CSV (to stdout unless --out; --archived includes archived ones)',
  },
  options: { out: { type: 'string' }, archived: { type: 'boolean' } },
  async run(context, values) {
    return withProducts(context, async (app) => {
      const exported = app.services.products.exportCsv({ include_archived: values.archived === true });
      if (typeof values.out !== 'string') {
        context.io.stdout(exported.csv);
        return 0;
      }
      const file = resolve(values.out);
      try {
        // Never overwrites: an earlier export may be what another station imports.
        writeFileSync(file, exported.csv, { flag: 'wx' });
      } catch (error) {
        const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
        const reason = error instanceof Error ? error.message : String(error);
        context.io.stderr(
          context.locale === 'zh-CN'
            ? exists
              ? `${file} 已存在，未覆盖。请换一个文件名。\n`
              : `无法写入 ${file}：${reason}\n`
            : exists
              ? `${file} already exists and was left alone. Choose another name.\n`
              : `Cannot write ${file}: ${reason}\n`,
        );
        return 1;
      }
      context.io.stdout(
        context.locale === 'zh-CN' ? `已导出 ${exported.count} 个产品到 ${file}\n` : `Exported ${exported.count} product(s) to ${file}\n`,
      );
      return 0;
    });
  },
};

function codeCommand(word: 'archive' | 'unarchive' | 'delete', summary: Record<Locale, string>, done: Record<Locale, string>): CliCommand {
  const usage = `marketcode product ${word} PRODUCT_CODE`;
  return {
    path: ['product', word],
    usage,
    summary,
    options: {},
    async run(context, _values, positionals) {
      if (positionals.length !== 1) {
        return usageFailure(context, usage, '请给出一个商品条码。', 'Give one product code.');
      }
      const code = positionals[0]!;
      return withProducts(context, async (app) => {
        const products = app.services.products;
        const actor = app.actorFor(`products.${word}` as const);
        if (word === 'archive') products.archive(code, actor);
        else if (word === 'unarchive') products.unarchive(code, actor);
        else products.delete(code, actor);
        context.io.stdout(`${done[context.locale]}: ${code.trim()}\n`);
        return 0;
      });
    },
  };
}

export const productArchiveCommand = codeCommand(
  'archive',
  { 'zh-CN': '归档产品（在用的产品也可以归档）', en: 'Archive a product (allowed even when in use)' },
  { 'zh-CN': '已归档', en: 'Archived' },
);
export const productUnarchiveCommand = codeCommand(
  'unarchive',
  { 'zh-CN': '取消归档', en: 'Unarchive a product' },
  { 'zh-CN': '已取消归档', en: 'Unarchived' },
);
export const productDeleteCommand = codeCommand(
  'delete',
  { 'zh-CN': '删除未被激活使用的产品', en: 'Delete a product no activation uses' },
  { 'zh-CN': '已删除', en: 'Deleted' },
);

/** Every `marketcode product …` command, for run-cli's COMMANDS. */
export const productCommands: CliCommand[] = [
  productAddCommand,
  productListCommand,
  productImportCommand,
  productExportCommand,
  productArchiveCommand,
  productUnarchiveCommand,
  productDeleteCommand,
];
