import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_ACCOUNT, startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator';

/** The demo account Training mode signs in with; it exists only in the simulator. */
export const TRAINING_ACCOUNT = DEMO_ACCOUNT;

/**
 * Demo products for Training mode, with valid EAN-13 check digits and
 * Mini Program appids of the right shape (`wx` + 16 hex). Nothing here is a
 * real product or Mini Program.
 */
export const TRAINING_DEMO_PRODUCTS = [
  {
    product_code: '6901234567892',
    product_brand: '示例饮料',
    product_title: '橙味汽水 330ml ×24',
    activity_name: '扫码赢好礼（培训）',
    wxa_appid: 'wx0123456789abcdef',
    wxa_path: 'pages/scan/index',
    wxa_type: 0,
  },
  {
    product_code: '6909876543212',
    product_brand: '示例乳业',
    product_title: '纯牛奶 250ml ×12',
    activity_name: '一物一码溯源（培训）',
    wxa_appid: 'wx0123456789abcdef',
    wxa_path: 'pages/trace/index',
    wxa_type: 0,
  },
  {
    product_code: '96385074',
    product_brand: 'Demo Snacks',
    product_title: 'Sea-salt crisps 70 g ×30',
    activity_name: 'Scan & win (training)',
    wxa_appid: 'wxfedcba9876543210',
    wxa_path: 'pages/index/index',
    wxa_type: 2,
  },
] as const;

/**
 * Starts the simulator for Training mode. State lives in the data directory so
 * Training survives restarts and separate CLI runs see the same applications.
 * Its ids and codes come from this install's own seed (trainingSeed) unless the
 * caller passes one (tests that need fixed values).
 */
export function startTrainingSimulator(
  dataDir: string,
  options: Omit<SimulatorOptions, 'dbPath' | 'accounts'> = {},
): Promise<RunningSimulator> {
  const dbPath = trainingSimulatorDbPath(dataDir);
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const seed = options.seed ?? trainingSeed(dataDir);
  return startSimulator({ ...options, ...(seed !== undefined ? { seed } : {}), dbPath, accounts: [TRAINING_ACCOUNT] });
}

/** The file holding this install's random simulator seed, next to the simulator's state. */
export function trainingSeedPath(dataDir: string): string {
  return join(dataDir, 'training', 'simulator-seed');
}

/**
 * This install's simulator seed: random, made once and kept in the training folder, so two PCs never hand out the
 * same training application ids and codes (a deterministic simulator let training codes pass for another PC's).
 * A simulator state written before seeds were per install keeps the seed it was created with (undefined here):
 * changing it would change the codes of applications it already issued.
 */
export function trainingSeed(dataDir: string): string | undefined {
  if (dataDir === ':memory:') return randomBytes(16).toString('hex');
  const path = trainingSeedPath(dataDir);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  if (existsSync(trainingSimulatorDbPath(dataDir))) return undefined;
  mkdirSync(dirname(path), { recursive: true });
  const seed = randomBytes(16).toString('hex');
  try {
    writeFileSync(path, seed + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another process (the CLI next to the app) made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8').trim();
  }
  return seed;
}

/** The Training simulator's state file (shared by the app, the CLI and `marketcode sim`). */
export function trainingSimulatorDbPath(dataDir: string): string {
  return dataDir === ':memory:' ? ':memory:' : join(dataDir, 'training', 'simulator.sqlite');
}
