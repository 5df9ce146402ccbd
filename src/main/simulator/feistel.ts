import { createHash } from 'node:crypto';

/**
 * A keyed permutation of [0, a·b) built as a Feistel network over Z_a × Z_b.
 * Each round maps (L ∈ Z_m, R) to (R, (L + F(R)) mod m), so the halves swap moduli
 * every round; with an even number of rounds the output is back in Z_a × Z_b and
 * every round inverts exactly. This lets codes be computed from a serial and the
 * serial recovered from a code in O(1), without storing codes anywhere.
 * It only has to look random, not resist analysis, so F is a cheap 32-bit mixer
 * kept in small-integer arithmetic: a 50,000-code package needs 100,000 of these.
 */
export interface IntegerPermutation {
  readonly size: number;
  forward(x: number): number;
  inverse(y: number): number;
}

/** Halves stay below 2^30 so every intermediate is a small integer for V8. */
const MAX_HALF = 2 ** 30;

/** Derives `count` 32-bit keys from a seed and a purpose label. */
export function deriveKeys(seed: string, purpose: string, count: number): number[] {
  const digest = createHash('sha256').update(`${purpose}\u0000${seed}`).digest();
  const keys: number[] = [];
  for (let i = 0; i < count; i++) keys.push((digest.readUInt32LE((i * 4) % 32) ^ Math.imul(i, 0x9e3779b9)) >>> 0);
  return keys;
}

/** murmur3 finaliser of a word under a key; result in [0, 2^31). */
export function mix31(value: number, key: number): number {
  let h = Math.imul(value ^ key, 0xcc9e2d51);
  h = Math.imul(h ^ (h >>> 15), 0x1b873593);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 1;
}

export function createIntegerPermutation(a: number, b: number, roundKeys: readonly number[]): IntegerPermutation {
  if (roundKeys.length === 0 || roundKeys.length % 2 !== 0) {
    throw new Error('a Feistel permutation needs an even number of rounds');
  }
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 2 || b < 2 || a > MAX_HALF || b > MAX_HALF) {
    throw new Error('Feistel halves must be integers in [2, 2^30]');
  }
  const rounds = roundKeys.length;
  const keys = Int32Array.from(roundKeys, (key) => key | 0);

  return {
    size: a * b,
    forward(x: number): number {
      let left = Math.floor(x / b);
      let right = x % b;
      for (let i = 0; i < rounds; i++) {
        // Round i takes L in Z_m (m = a on even rounds, b on odd ones) and R in the other.
        const m = (i & 1) === 0 ? a : b;
        const next = (left + (mix31(right, keys[i] as number) % m)) % m;
        left = right;
        right = next;
      }
      return left * b + right;
    },
    inverse(y: number): number {
      let left = Math.floor(y / b);
      let right = y % b;
      for (let i = rounds - 1; i >= 0; i--) {
        const m = (i & 1) === 0 ? a : b;
        const previousLeft = (right - (mix31(left, keys[i] as number) % m) + m) % m;
        right = left;
        left = previousLeft;
      }
      return left * b + right;
    },
  };
}
