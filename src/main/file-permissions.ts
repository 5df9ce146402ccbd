/**
 * Owner-only files (DESIGN §6a): the data directory is 0700; the ledger files
 * (with their -wal and -shm), the secret store and the logs are 0600. New files
 * are created so (a process umask of 0o077, and the ledger made 0600 before
 * SQLite first opens it, since SQLite gives -wal and -shm the database's mode);
 * files an older version left readable are narrowed whenever they are opened.
 *
 * POSIX only. On Windows the data directory is under the user's own AppData
 * folder, whose ACL already keeps other users out, and file modes mean nothing
 * there, so every function here does nothing on win32 (docs/architecture.md).
 */
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;
/** Everything the process creates from now on loses group and other access. */
export const OWNER_ONLY_UMASK = 0o077;
/** Folders of the data directory whose files are narrowed too (the ledger's are handled when it is opened). */
const NARROWED_FOLDERS = ['logs'];
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

const posix = process.platform !== 'win32';

/** Creates the data directory if needed and makes it and what is in it owner-only; sets the process umask. */
export function secureDataDir(dataDir: string): void {
  if (!posix) {
    mkdirSync(dataDir, { recursive: true });
    return;
  }
  // A worker thread cannot change the umask (Node refuses); workers never create the data directory.
  if (isMainThread) process.umask(OWNER_ONLY_UMASK);
  mkdirSync(dataDir, { recursive: true, mode: OWNER_ONLY_DIR });
  narrow(dataDir, OWNER_ONLY_DIR);
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    const kind = entryKind(path);
    if (kind === 'file') narrow(path, OWNER_ONLY_FILE);
    if (kind !== 'dir') continue;
    narrow(path, OWNER_ONLY_DIR);
    if (!NARROWED_FOLDERS.includes(name)) continue;
    for (const inner of readdirSync(path)) {
      if (entryKind(join(path, inner)) === 'file') narrow(join(path, inner), OWNER_ONLY_FILE);
    }
  }
}

/** Creates the database file owner-only if it does not exist yet and narrows it, its -wal and -shm, and its folder. */
export function secureDatabaseFile(path: string): void {
  if (!posix) return;
  // A folder that is not there is SQLite's to refuse, in its own words.
  if (entryKind(dirname(path)) !== 'dir') return;
  narrow(dirname(path), OWNER_ONLY_DIR);
  // An empty file is an empty SQLite database: creating it here fixes its mode whatever the umask is.
  if (!existsSync(path)) closeSync(openSync(path, 'a', OWNER_ONLY_FILE));
  for (const suffix of SQLITE_COMPANIONS) {
    const file = path + suffix;
    if (entryKind(file) === 'file') narrow(file, OWNER_ONLY_FILE);
  }
}

/** Symbolic links are left alone: a mode change would reach through them to a file we do not own. */
function entryKind(path: string): 'file' | 'dir' | 'other' | 'missing' {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** Removes every permission bit beyond `mode` (never adds any the owner lacked). */
function narrow(path: string, mode: number): void {
  const current = lstatSync(path).mode & 0o777;
  const wanted = current & mode;
  if (current !== wanted) chmodSync(path, wanted);
}
