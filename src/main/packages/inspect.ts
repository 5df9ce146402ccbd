/**
 * `marketcode package inspect` and the Batches screen's "Inspect": the structure of a
 * package (lines, header, separator, each column's shape with three masked examples,
 * SHA-256) and the verdict the importer would give, so a plant's first Live package can
 * be diagnosed by phone without anyone reading out a code. Pure: bytes in, a report out.
 */
import { createHash } from 'node:crypto';
import type { AppErrorPayload } from '../../shared/errors';
import { checkPackage } from './check';
import { decryptPackage } from './decrypt';
import { safeText } from './excerpt';
import {
  IS_FIELD_CHARACTER,
  detectLayout,
  firstLines,
  isHeaderLine,
  separatorOf,
  splitFields,
  type ColumnRole,
  type Line,
  type Separator,
} from './layout';
import { isPackageError } from './package-error';
import type { PackageSegmentRange } from './types';

/** Lines whose fields are measured; examples come from the first three. */
const MEASURED_LINES = 50;
const EXAMPLES = 3;

export type CharacterClass = 'digits' | 'qr' | 'text';

export interface PackageColumnReport {
  /** 1-based field number. */
  position: number;
  /** What the importer reads it as (detected, or set by hand); null when the layout cannot be told. */
  role: ColumnRole | null;
  minLength: number;
  maxLength: number;
  /** `digits`; `qr`: upper case letters, digits and $%*+-./:; `text`: anything else. */
  characters: CharacterClass;
  /** Some value contains `/` (every code_url does). */
  slash: boolean;
  /** Up to three values with every character but the first and the last masked. */
  examples: string[];
}

export interface PackageStructure {
  bytes: number;
  /** Hex SHA-256 of the decrypted plaintext (what the ledger records for an imported segment). */
  sha256: string;
  /** Lines with any text, the header included. */
  lines: number;
  bom: boolean;
  lineEnding: 'lf' | 'crlf' | 'mixed' | 'none';
  /** The skipped header line, escaped, or null. */
  header: string | null;
  separator: Separator | null;
  columns: PackageColumnReport[];
}

export interface PackageInspection {
  range: PackageSegmentRange;
  /** Null when the download did not decrypt (the verdict says why). */
  structure: PackageStructure | null;
  /** The mapping set by hand that the verdict used, or null (detected). */
  mapping: ColumnRole[] | null;
  verdict: { ok: true; layout: string; count: number } | { ok: false; error: AppErrorPayload };
}

/** `P**************************O`: the first and last characters, the rest masked. */
export function maskValue(value: string): string {
  const characters = Array.from(value);
  if (characters.length <= 1) return '*';
  if (characters.length === 2) return `${safeText(characters[0]!)}*`;
  return `${safeText(characters[0]!)}${'*'.repeat(characters.length - 2)}${safeText(characters.at(-1)!)}`;
}

/** Runs of field characters long enough to be (part of) a code; a lone digit such as an index stays. */
const CODE_LIKE_RUN = /[0-9A-Z$%*+\-./:]{3,}/g;

/**
 * The importer's error with every code-like run in its excerpt or value masked, so the
 * verdict can be read out on the phone too. The message is rebuilt by replacing the
 * quoted text, which the catalogue copies verbatim.
 */
export function maskedVerdictError(payload: AppErrorPayload): AppErrorPayload {
  const replacements = (['excerpt', 'value'] as const).flatMap((key) => {
    const value = payload.details?.[key];
    return typeof value === 'string' && value.length > 0 ? [[value, value.replace(CODE_LIKE_RUN, maskValue)] as const] : [];
  });
  if (replacements.length === 0) return payload;
  const mask = (text: string) => replacements.reduce((out, [from, to]) => out.split(from).join(to), text);
  const localized = Object.fromEntries(
    Object.entries(payload.localized).map(([locale, text]) => [locale, { ...text, message: mask(text.message) }]),
  ) as AppErrorPayload['localized'];
  const details = Object.fromEntries(
    Object.entries(payload.details ?? {}).map(([key, value]) => [key, typeof value === 'string' ? mask(value) : value]),
  );
  return { ...payload, message: mask(payload.message), localized, details };
}

function characterClass(bytes: Buffer, [start, end]: [number, number]): CharacterClass {
  let digits = true;
  for (let k = start; k < end; k++) {
    if (IS_FIELD_CHARACTER[bytes[k]!] !== 1) return 'text';
    digits &&= bytes[k]! >= 0x30 && bytes[k]! <= 0x39;
  }
  return digits ? 'digits' : 'qr';
}

const WIDER: Record<CharacterClass, number> = { digits: 0, qr: 1, text: 2 };

function measureColumns(bytes: Buffer, lines: Line[], separator: Separator, roles: readonly ColumnRole[] | null): PackageColumnReport[] {
  const split = lines.map((line) => splitFields(bytes, line, separator));
  const width = Math.max(0, ...split.map((fields) => fields.length));
  return Array.from({ length: width }, (_, column) => {
    const fields = split.flatMap((line) => (line[column] ? [line[column]] : []));
    const lengths = fields.map(([start, end]) => Array.from(bytes.toString('utf8', start, end)).length);
    const classes = fields.map((field) => characterClass(bytes, field));
    return {
      position: column + 1,
      role: roles?.[column] ?? null,
      minLength: Math.min(...lengths),
      maxLength: Math.max(...lengths),
      characters: classes.reduce<CharacterClass>((wide, next) => (WIDER[next] > WIDER[wide] ? next : wide), 'digits'),
      slash: fields.some(([start, end]) => bytes.indexOf(0x2f, start) >= 0 && bytes.indexOf(0x2f, start) < end),
      examples: fields.slice(0, EXAMPLES).map(([start, end]) => maskValue(bytes.toString('utf8', start, end))),
    };
  });
}

function lineEndingOf(bytes: Buffer): PackageStructure['lineEnding'] {
  const newlines = bytes.subarray(0, 1 << 20).reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
  if (newlines === 0) return 'none';
  const crlf =
    bytes
      .subarray(0, 1 << 20)
      .toString('latin1')
      .split('\r\n').length - 1;
  return crlf === 0 ? 'lf' : crlf === newlines ? 'crlf' : 'mixed';
}

/** The structure of decrypted package text, read as the importer would (with `mapping` when IT set one). */
export function inspectPlaintext(bytes: Buffer, range: PackageSegmentRange, mapping: readonly ColumnRole[] | null): PackageStructure {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const start = bom ? 3 : 0;
  const sample = firstLines(bytes, start, MEASURED_LINES + 1);
  const decision = detectLayout(bytes, start, range, mapping ?? undefined);
  const headerLines = decision.ok ? decision.layout.headerLines : sample[0] && isHeaderLine(bytes, sample[0]) ? 1 : 0;
  const data = sample.slice(headerLines, headerLines + MEASURED_LINES);
  const separator = decision.ok ? decision.layout.separator : data.length > 0 ? (separatorOf(bytes, data, undefined) ?? null) : null;
  let lines = 0;
  for (let at = start; at < bytes.length;) {
    let end = bytes.indexOf(0x0a, at);
    if (end < 0) end = bytes.length;
    if (bytes.subarray(at, end).some((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0d)) lines++;
    at = end + 1;
  }
  return {
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    lines,
    bom,
    lineEnding: lineEndingOf(bytes),
    header: headerLines === 1 ? safeText(bytes.toString('utf8', sample[0]!.start, sample[0]!.end).trim()) : null,
    separator,
    columns: separator === null ? [] : measureColumns(bytes, data, separator, decision.ok ? decision.layout.columns : null),
  };
}

/** Decrypts `base64` and reports its structure and the importer's verdict; never throws for a bad package. */
export function inspectPackage(
  base64: string,
  serviceKey: string,
  range: PackageSegmentRange,
  mapping: readonly ColumnRole[] | null,
): PackageInspection {
  const columns = mapping === null ? null : [...mapping];
  let plaintext: Buffer;
  try {
    plaintext = decryptPackage(base64, serviceKey, range);
  } catch (error) {
    if (!isPackageError(error)) throw error;
    return { range, structure: null, mapping: columns, verdict: { ok: false, error: error.toPayload() } };
  }
  const structure = inspectPlaintext(plaintext, range, mapping);
  try {
    const checked = checkPackage(plaintext, range, mapping ?? undefined);
    return { range, structure, mapping: columns, verdict: { ok: true, layout: checked.layout, count: checked.count } };
  } catch (error) {
    if (!isPackageError(error)) throw error;
    return { range, structure, mapping: columns, verdict: { ok: false, error: maskedVerdictError(error.toPayload()) } };
  }
}
