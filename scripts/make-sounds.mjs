#!/usr/bin/env node
/**
 * Writes the Verify screen's sounds as 16-bit PCM mono WAV files into
 * resources/public/sounds (served at /sounds/ by the renderer build):
 *   pass.wav  a short high double beep
 *   fail.wav  a longer low buzz (odd harmonics: rough, hard to miss on a loud line)
 * Run `node scripts/make-sounds.mjs` after changing a tone; the output is deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE_RATE = 8_000;
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'public', 'sounds');

/** A tone of `ms` milliseconds: `partials` are [multiple of `hz`, amplitude]; 8 ms fades in and out avoid clicks. */
function tone(hz, ms, partials = [[1, 1]], level = 0.8) {
  const count = Math.round((SAMPLE_RATE * ms) / 1000);
  const fade = Math.round(SAMPLE_RATE * 0.008);
  const total = partials.reduce((sum, [, amplitude]) => sum + amplitude, 0);
  return Float64Array.from({ length: count }, (_, n) => {
    const t = n / SAMPLE_RATE;
    const envelope = Math.min(1, n / fade, (count - 1 - n) / fade);
    const value = partials.reduce((sum, [multiple, amplitude]) => sum + amplitude * Math.sin(2 * Math.PI * hz * multiple * t), 0) / total;
    return value * envelope * level;
  });
}

const silence = (ms) => new Float64Array(Math.round((SAMPLE_RATE * ms) / 1000));

function concat(...parts) {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function wav(samples) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, n) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample)) * 32_767), n * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const sounds = {
  'pass.wav': concat(tone(1_760, 70), silence(50), tone(2_093, 90)),
  'fail.wav': tone(
    196,
    600,
    [
      [1, 1],
      [3, 0.6],
      [5, 0.4],
      [7, 0.25],
    ],
    0.9,
  ),
};

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, samples] of Object.entries(sounds)) {
  const file = join(OUT_DIR, name);
  const bytes = wav(samples);
  writeFileSync(file, bytes);
  console.log(`${file}: ${bytes.length} bytes, ${Math.round((samples.length / SAMPLE_RATE) * 1000)} ms`);
}
