import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSegmentPackage } from '@main/packages';
import { DEMO_ACCOUNT, PACKAGE_LAYOUTS, createCodeGenerator, startSimulator, type RunningSimulator } from '@main/simulator';
import { allRows } from './support';

/** What the import service will do, minus the ledger: download each segment over HTTP and open it. */
describe('packages from the running simulator', () => {
  const seed = 'packages-download-test';
  let sim: RunningSimulator;
  let token: string;

  async function call(endpoint: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${sim.baseUrl}/intp/marketcode/${endpoint}?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    sim = await startSimulator({ finishDelayMs: 0, segmentSize: 5_000, seed });
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: DEMO_ACCOUNT.appid, secret: DEMO_ACCOUNT.secret });
    token = ((await (await fetch(`${sim.baseUrl}/cgi-bin/token?${query.toString()}`)).json()) as { access_token: string }).access_token;
  });

  afterAll(async () => {
    await sim.close();
  });

  it('opens every segment of an application in every layout, with consistent codes and code_urls', async () => {
    const generator = createCodeGenerator(seed);
    const applied = await call('applycode', { code_count: 10_000, isv_application_id: 'packages-download-1' });
    const applicationId = applied.application_id as number;
    const status = await call('applycodequery', { application_id: applicationId });
    const segments = status.code_generate_list as { code_start: number; code_end: number }[];
    expect(segments).toEqual([
      { code_start: 0, code_end: 4_999 },
      { code_start: 5_000, code_end: 9_999 },
    ]);
    for (const layout of PACKAGE_LAYOUTS) {
      sim.admin.setPackageLayout(layout);
      // Only a layout set by hand reads the 9-character WeChat code apart from the code.
      const mapping = layout === 'short_wechat_code_4col' ? (['extra', 'code', 'index', 'code_url'] as const) : undefined;
      let firstSerial: number | undefined;
      for (const { code_start: codeStart, code_end: codeEnd } of segments) {
        const download = await call('applycodedownload', { application_id: applicationId, code_start: codeStart, code_end: codeEnd });
        const range = { applicationId, codeStart, codeEnd };
        const rows = allRows(openSegmentPackage(download.buffer as string, DEMO_ACCOUNT.serviceKey, range, mapping));
        expect(rows).toHaveLength(5_000);
        firstSerial ??= generator.serialOfCodeUrl(rows[0]!.codeUrl)!;
        const serialStart = firstSerial;
        // Index k ↔ serial serialStart + index, through both code and code_url (one expect, not 5,000).
        const wrong = rows.filter((row, k) => {
          const serial = generator.serialOfCodeUrl(row.codeUrl);
          const codeAgrees = layout === 'url' ? row.code === null : generator.serialOfCode(row.code!) === serial;
          return row.codeIndex !== codeStart + k || serial !== serialStart + row.codeIndex || !codeAgrees;
        });
        expect(wrong).toEqual([]);
      }
    }
  });
});
