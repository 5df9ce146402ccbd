/**
 * PIN hashes: scrypt with a random 16-byte salt per hash, stored as a
 * self-describing string `scrypt$N$r$p$saltB64$hashB64` so the cost can be
 * raised later without breaking stored PINs. A 6–8 digit PIN is weak on its
 * own; the lockout after wrong PINs is what stops guessing at the station,
 * and the cost slows guessing from a copied ledger.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** About 70 ms and 32 MiB per hash on the CI machine. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 32_768, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

export async function hashPin(pin: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(pin, salt, KEY_BYTES, options(cost));
  return format(cost, salt, hash);
}

export function hashPinSync(pin: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): string {
  const salt = randomBytes(SALT_BYTES);
  return format(cost, salt, scryptSync(pin, salt, KEY_BYTES, options(cost)));
}

/** True when `pin` matches; throws `InvalidPinHash` for a stored string it cannot read. */
export async function verifyPin(stored: string, pin: string): Promise<boolean> {
  const parsed = parse(stored);
  const candidate = await scryptAsync(pin, parsed.salt, parsed.hash.length, options(parsed.cost));
  return timingSafeEqual(candidate, parsed.hash);
}

export function verifyPinSync(stored: string, pin: string): boolean {
  const parsed = parse(stored);
  return timingSafeEqual(scryptSync(pin, parsed.salt, parsed.hash.length, options(parsed.cost)), parsed.hash);
}

export class InvalidPinHash extends Error {
  constructor() {
    super('stored PIN hash is not a scrypt$N$r$p$salt$hash string');
    this.name = 'InvalidPinHash';
  }
}

function format(cost: ScryptCost, salt: Buffer, hash: Buffer): string {
  return [PREFIX, cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Reads a stored hash, refusing parameters that would make verification absurdly slow or weak. */
export function parse(stored: string): ParsedHash {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) throw new InvalidPinHash();
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  const powerOfTwo = Number.isInteger(N) && N >= 1024 && N <= 1_048_576 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) throw new InvalidPinHash();
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) throw new InvalidPinHash();
  return { cost: { N, r, p }, salt, hash };
}

function options(cost: ScryptCost): ScryptOptions {
  // scrypt needs about 128·N·r bytes; Node's default limit (32 MiB) is just too small for N = 2^15, r = 8.
  return { N: cost.N, r: cost.r, p: cost.p, maxmem: 128 * cost.N * cost.r * cost.p + 16 * 1024 * 1024 };
}

function scryptAsync(pin: string, salt: Buffer, length: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, length, opts, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
