import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '@main/simulator';
import { ACTIVATION_DETAILS, startTestSimulator, type TestSimulator } from './helpers';

let dir: string;
let dbPath: string;
const running: TestSimulator[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marketcode-simulator-'));
  dbPath = join(dir, 'simulator.sqlite');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.sim.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<TestSimulator> {
  const t = await startTestSimulator({ dbPath });
  running.push(t);
  return t;
}

describe('state in a database file', () => {
  it('survives close and restart: tokens, applications, packages, activations, tickets', async () => {
    const first = await start();
    const token = await first.token();
    const id = await first.apply(token, 60_000, 'persist-1');
    await first.call('codeactive', { application_id: id, ...ACTIVATION_DETAILS, code_start: 0, code_end: 49 }, token);
    const ticket = first.sim.admin.mintTicket({ application_id: id, code_index: 7 });
    const download = { application_id: id, code_start: 50_000, code_end: 59_999 };
    const packageBefore = (await first.call('applycodedownload', download, token)).buffer;
    const queryBefore = await first.call('applycodequery', { application_id: id }, token);
    await first.sim.close();
    running.splice(0);

    const second = await start();
    // The clock of the restarted simulator starts at the same instant, so the token is still valid.
    expect(await second.call('applycodequery', { application_id: id }, token)).toEqual(queryBefore);
    expect(await second.apply(token, 60_000, 'persist-1')).toBe(id);
    expect((await second.call('applycodedownload', download, token)).buffer).toBe(packageBefore);
    expect(await second.call('codeactivequery', { application_id: id, code_index: 49 }, token)).toMatchObject({
      errcode: 0,
      code_start: 0,
      code_end: 49,
    });
    expect(await second.call('tickettocode', { openid: ticket.openid, code_ticket: ticket.code_ticket }, token)).toMatchObject({
      errcode: 0,
      code: ticket.code,
    });
  });

  it('lets two simulators on one file share applications without overlapping codes', async () => {
    const a = await start();
    const b = await start();
    const tokenA = await a.token();
    const tokenB = await b.token();
    const idA = await a.apply(tokenA, 10_000, 'shared-a');
    const idB = await b.apply(tokenB, 10_000, 'shared-b');
    expect(await b.apply(tokenB, 10_000, 'shared-a')).toBe(idA);
    expect((await a.call('applycodequery', { application_id: idB }, tokenA)).status).toBe('FINISH');
    const codeA = a.sim.admin.codeOf({ application_id: idA, code_index: 0 }).code;
    const codeB = b.sim.admin.codeOf({ application_id: idB, code_index: 0 }).code;
    expect(codeA).not.toBe(codeB);
  });

  it('refuses to reopen a database with another explicit seed', async () => {
    const first = await start();
    await first.sim.close();
    running.splice(0);
    await expect(startSimulator({ dbPath, seed: 'another-seed' })).rejects.toThrow(/seed/);
    const again = await startSimulator({ dbPath, seed: 'marketcode-simulator' });
    await again.close();
  });

  it('rejects bad options before listening', async () => {
    await expect(startSimulator({ accounts: [{ appid: 'wx1', secret: 's', serviceKey: 'short' }] })).rejects.toThrow(/16 printable ASCII/);
    await expect(startSimulator({ segmentSize: 0 })).rejects.toThrow(/segmentSize/);
  });
});
