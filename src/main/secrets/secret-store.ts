import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { connectionErrors } from '../../shared/error-catalogue/connection';
import { isAppError } from '../../shared/errors';

/** Every secret the station may hold. Never sent to the renderer, never logged. */
export const SECRET_NAMES = ['appSecret', 'accessToken', 'tokenUrl', 'serviceKey'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * How stored values are protected at rest. 'owner-only-file' is readable by anything running as this user
 * (and by whoever copies the data folder): it is always warned about, never silent.
 */
export type SecretProtection = 'keychain' | 'owner-only-file' | 'memory';

/**
 * Something the user should be told about the store once: an older file moved into it, one this process cannot
 * open (left for the app), or a file sealed with a key the keychain no longer has (set aside: enter them again).
 */
export type SecretStoreNotice =
  { kind: 'moved'; file: string } | { kind: 'left-behind'; file: string; reason: string } | { kind: 'set-aside'; file: string };

export interface SecretStore {
  /** Where the secrets are kept, for the user: a file path (or 'memory'). */
  readonly description: string;
  readonly protection: SecretProtection;
  /** What opening the store did or could not do with older secret files. */
  readonly notices: readonly SecretStoreNotice[];
  get(name: SecretName): string | undefined;
  has(name: SecretName): boolean;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

/** How values are sealed on disk: a key from the OS keychain, or nothing extra for the owner-only file. */
export interface SecretCipher {
  /** Written into the file, so a file sealed one way is never read as another. */
  readonly name: string;
  readonly protection: SecretProtection;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export const PLAIN_CIPHER: SecretCipher = { name: 'plain', protection: 'owner-only-file', seal: (value) => value, open: (value) => value };

/**
 * A JSON file of sealed values, written atomically and readable only by its
 * owner (0600). openSecretStore (open-secret-store.ts) picks the cipher.
 */
export function createFileSecretStore(
  file: string,
  cipher: SecretCipher = PLAIN_CIPHER,
  notices: readonly SecretStoreNotice[] = [],
): SecretStore {
  function read(): Partial<Record<SecretName, string>> {
    if (!existsSync(file)) return {};
    tightenPermissions(file);
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { cipher?: string; values?: Partial<Record<SecretName, string>> };
      if (parsed.cipher !== cipher.name) throw new Error(`sealed with ${parsed.cipher ?? 'unknown'}, expected ${cipher.name}`);
      return parsed.values ?? {};
    } catch (error) {
      throw connectionErrors.SECRET_STORE_UNREADABLE({ file }, { cause: error });
    }
  }

  function write(values: Partial<Record<SecretName, string>>): void {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ cipher: cipher.name, values }), { mode: 0o600 });
    renameSync(temp, file);
    tightenPermissions(file);
  }

  return {
    description: file,
    protection: cipher.protection,
    notices,
    get(name) {
      const sealed = read()[name];
      if (sealed === undefined) return undefined;
      try {
        return cipher.open(sealed);
      } catch (error) {
        if (isAppError(error)) throw error;
        throw connectionErrors.SECRET_STORE_UNREADABLE({ file }, { cause: error });
      }
    },
    has: (name) => read()[name] !== undefined,
    set(name, value) {
      write({ ...read(), [name]: cipher.seal(value) });
    },
    delete(name) {
      const values = read();
      if (!(name in values)) return;
      delete values[name];
      write(values);
    },
  };
}

/** The cipher name a store file was written with; undefined when there is no file. Throws on a file that is not a store. */
export function storedCipherName(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { cipher?: unknown };
    return typeof parsed.cipher === 'string' ? parsed.cipher : 'unknown';
  } catch (error) {
    throw connectionErrors.SECRET_STORE_UNREADABLE({ file }, { cause: error });
  }
}

/** Group/other access is removed whenever the file is touched; Windows has no POSIX modes. */
function tightenPermissions(file: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** For ':memory:' data directories (tests): nothing touches the disk. */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<SecretName, string>();
  return {
    description: 'memory',
    protection: 'memory',
    notices: [],
    get: (name) => values.get(name),
    has: (name) => values.has(name),
    set: (name, value) => void values.set(name, value),
    delete: (name) => void values.delete(name),
  };
}
