import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { connectionErrors } from '../../shared/error-catalogue/connection';

/** Every secret the station may hold. Never sent to the renderer, never logged. */
export const SECRET_NAMES = ['appSecret', 'accessToken', 'tokenUrl', 'serviceKey'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export interface SecretStore {
  /** Where the secrets are kept, for the user: e.g. "safeStorage (Keychain)" or a file path. */
  readonly description: string;
  get(name: SecretName): string | undefined;
  has(name: SecretName): boolean;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

/** How values are sealed on disk: Electron's safeStorage in the app, nothing extra for the owner-only file. */
export interface SecretCipher {
  readonly name: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export const PLAIN_CIPHER: SecretCipher = { name: 'plain', seal: (value) => value, open: (value) => value };

/**
 * A JSON file of sealed values, written atomically and readable only by its
 * owner (0600). With PLAIN_CIPHER this is the CLI's and the harness's store;
 * with a safeStorage cipher it is the app's.
 */
export function createFileSecretStore(file: string, cipher: SecretCipher = PLAIN_CIPHER): SecretStore {
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
    description: cipher === PLAIN_CIPHER ? file : `${file} (${cipher.name})`,
    get(name) {
      const sealed = read()[name];
      if (sealed === undefined) return undefined;
      try {
        return cipher.open(sealed);
      } catch (error) {
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
    get: (name) => values.get(name),
    has: (name) => values.has(name),
    set: (name, value) => void values.set(name, value),
    delete: (name) => void values.delete(name),
  };
}
