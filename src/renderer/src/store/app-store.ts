import { create } from 'zustand';
import type { AppInfo, ConnectionInfo, Settings } from '@shared/contract';
import type { AppErrorPayload, Locale } from '@shared/errors';
import { call } from '../api/call';
import { toErrorPayload } from '../api/refusal';
import { localeFromSystem } from '../i18n';

export const SCREENS = ['batches', 'activate', 'verify', 'products', 'log', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppErrorPayload };

interface AppState {
  load: LoadState;
  info: AppInfo | undefined;
  settings: Settings | undefined;
  screen: Screen;
  initialise(): Promise<void>;
  navigate(screen: Screen): void;
  setLocale(locale: Locale | null): Promise<void>;
  applySettings(settings: Settings): void;
  /** Main saved a new connection: the mode (and so the Training banner) follows it. */
  applyConnection(connection: ConnectionInfo): void;
}

export const useAppStore = create<AppState>((set, get) => ({
  load: { status: 'loading' },
  info: undefined,
  settings: undefined,
  screen: 'batches',
  async initialise() {
    try {
      const [info, settings] = await Promise.all([call('app.info', {}), call('settings.getAll', {})]);
      set({ info, settings, load: { status: 'ready' } });
    } catch (error) {
      set({ load: { status: 'failed', error: toErrorPayload(error) } });
    }
  },
  navigate: (screen) => set({ screen }),
  async setLocale(locale) {
    // Optimistic: the choice shows at once; main's answer (or a revert) follows.
    const previous = get().settings;
    if (previous) set({ settings: { ...previous, locale } });
    try {
      set({ settings: await call('settings.set', { key: 'locale', value: locale }) });
    } catch (error) {
      set({ settings: previous });
      throw error;
    }
  },
  applySettings: (settings) => set({ settings }),
  applyConnection: (connection) => {
    const info = get().info;
    if (info) set({ info: { ...info, mode: connection.mode, liveCredentialsSet: connection.liveReady } });
  },
}));

/** The locale in force: the user's choice, else the OS locale. */
export function useLocale(): Locale {
  return useAppStore((state) => state.settings?.locale ?? localeFromSystem(state.info?.systemLocale ?? navigator.language));
}

