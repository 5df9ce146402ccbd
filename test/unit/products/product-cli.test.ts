import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { TRAINING_DEMO_PRODUCTS } from '@main/connection';
import { createAuditLog } from '@main/audit';
import { openTrainingLedger } from '@main/modes';
import type { Product } from '@shared/products-contract';
import { CRISPS, csv, csvRow, insertActivation, MILK } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mc-product-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--data-dir', dir], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env });
  return { code, stdout, stderr };
}

const ADD_CRISPS = [
  'product',
  'add',
  '--product-code',
  CRISPS.product_code,
  '--brand',
  CRISPS.product_brand,
  '--title',
  CRISPS.product_title,
  '--activity',
  CRISPS.activity_name,
  '--wxa-appid',
  CRISPS.wxa_appid,
  '--wxa-path',
  CRISPS.wxa_path,
];

describe('marketcode product', () => {
  it('lists the Training demo products on a fresh station', async () => {
    const result = await run(['product', 'list', '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as Product[];
    expect(listed.map((product) => product.product_code).sort()).toEqual(
      TRAINING_DEMO_PRODUCTS.map((product) => product.product_code).sort(),
    );
    expect(listed.every((product) => product.created_by === 'system')).toBe(true);
  });

  it('add checks every field and speaks the locale; a good product is added and listed', async () => {
    const wrong = await run([...ADD_CRISPS.slice(0, 3), '4006381333932', ...ADD_CRISPS.slice(4), '--wxa-type', '7'], {
      LANG: 'zh_CN.UTF-8',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('商品条码（product_code）：校验位（最后一位）不对：按前面的数字应为 1。');
    expect(wrong.stderr).toContain('小程序版本（wxa_type）');

    const missing = await run(['product', 'add', '--product-code', CRISPS.product_code]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --brand, --title, --activity, --wxa-appid, --wxa-path.');

    const added = await run([...ADD_CRISPS, '--wxa-type', '1', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ product_code: CRISPS.product_code, wxa_type: 1, activations: 0 });

    const listed = await run(['product', 'list']);
    expect(listed.stdout).toContain(
      `${CRISPS.product_code}  Demo Snacks · Sea-salt crisps 70 g ×30  [Scan & win] wx0123456789abcdef pages/index/index (development)`,
    );

    const again = await run(ADD_CRISPS);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('import is all or nothing and lists every bad row by line; a good file imports', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      csv([
        csvRow(CRISPS),
        ['96385075', 'B', 'T', 'A', 'wx0123456789abcdef', 'pages/index/index', 0],
        ['73513537', 'B', 'T', 'A', 'WX1', '/x', 0],
      ]),
    );
    const refused = await run(['product', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nothing was imported: 2 row(s) have problems.');
    expect(refused.stderr).toContain('line 3 (96385075): product code (product_code): The check digit (the last digit) is wrong');
    expect(refused.stderr).toContain('line 4 (73513537): Mini Program appid (wxa_appid): ');
    expect(refused.stderr).toContain('Mini Program path (wxa_path): Leave out the leading "/"');
    const afterRefusal = JSON.parse((await run(['product', 'list', '--json', '--archived'])).stdout) as Product[];
    expect(afterRefusal.map((product) => product.product_code)).not.toContain(CRISPS.product_code);

    const good = join(dir, 'good.csv');
    writeFileSync(good, csv([csvRow(CRISPS), csvRow(MILK)]));
    const imported = await run(['product', 'import', good], { LANG: 'zh_CN.UTF-8' });
    expect(imported).toMatchObject({ code: 0, stdout: '已导入：新增 2 个，更新 0 个，未变 0 个。\n' });

    const json = await run(['product', 'import', good, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ imported: true, unchanged: 2 });

    const missing = await run(['product', 'import', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  });

  it('export writes CSV to stdout or a new file, and never overwrites', async () => {
    await run(ADD_CRISPS);
    const printed = await run(['product', 'export']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(
      `\r\n${CRISPS.product_code},Demo Snacks,Sea-salt crisps 70 g ×30,Scan & win,wx0123456789abcdef,pages/index/index,0\r\n`,
    );
    const out = join(dir, 'products.csv');
    const written = await run(['product', 'export', '--out', out]);
    expect(written.stdout).toBe(`Exported ${TRAINING_DEMO_PRODUCTS.length + 1} product(s) to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
    const again = await run(['product', 'export', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('delete is refused for a product in use, naming how many activations use it; archive works', async () => {
    await run(ADD_CRISPS);
    const db = openTrainingLedger(dir);
    insertActivation(db, CRISPS.product_code);
    db.close();

    const refused = await run(['product', 'delete', CRISPS.product_code], { LANG: 'zh_CN.UTF-8' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `产品 ${CRISPS.product_code} 已被 1 个激活使用，不能删除。\n可以将它归档：归档后不再出现在激活的产品列表中。\n`,
    );

    expect(await run(['product', 'archive', CRISPS.product_code])).toMatchObject({ code: 0, stdout: `Archived: ${CRISPS.product_code}\n` });
    const active = JSON.parse((await run(['product', 'list', '--json'])).stdout) as Product[];
    expect(active.map((product) => product.product_code)).not.toContain(CRISPS.product_code);
    const all = await run(['product', 'list', '--archived']);
    expect(all.stdout).toContain('archived, used by 1 activation(s)');

    expect((await run(['product', 'delete', MILK.product_code])).stderr).toContain(
      `There is no product with the code ${MILK.product_code}`,
    );
    const demo = TRAINING_DEMO_PRODUCTS[0].product_code;
    expect(await run(['product', 'delete', demo])).toMatchObject({ code: 0, stdout: `Deleted: ${demo}\n` });

    const check = openTrainingLedger(dir);
    try {
      const audit = createAuditLog(check);
      expect(audit.verify().ok).toBe(true);
      expect(audit.list().map((entry) => entry.action)).toEqual([
        'products.seeded',
        'product.added',
        'product.archived',
        'product.deleted',
      ]);
    } finally {
      check.close();
    }
  });

  it('once a supervisor exists, writes need MARKETCODE_SUPERVISOR + MARKETCODE_PIN and are recorded as that supervisor', async () => {
    expect((await run(['supervisor', 'setup', '王工'], { MARKETCODE_NEW_PIN: '246802' })).code).toBe(0);
    const locked = await run(ADD_CRISPS);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('MARKETCODE_SUPERVISOR');
    expect(JSON.parse((await run(['product', 'list', '--json'])).stdout)).not.toContainEqual(
      expect.objectContaining({ product_code: CRISPS.product_code }),
    );

    const added = await run([...ADD_CRISPS, '--json'], { MARKETCODE_SUPERVISOR: '王工', MARKETCODE_PIN: '246802' });
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ product_code: CRISPS.product_code, created_by: 'supervisor:王工' });
  });

  it('is listed in the help', async () => {
    const help = await run(['--help']);
    expect(help.stdout).toContain('marketcode product add --product-code EAN');
    expect(help.stdout).toContain('marketcode product import FILE');
  });
});
