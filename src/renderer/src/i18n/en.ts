/** English strings; the key set here is the source of truth every locale must match. */
export const en = {
  'app.title': 'Marketcode Station',
  'app.loading': 'Starting…',
  'app.startFailed': 'The app could not start: {message}',
  'nav.label': 'Main navigation',
  'nav.batches': 'Batches',
  'nav.activate': 'Activate',
  'nav.verify': 'Verify',
  'nav.products': 'Products',
  'nav.log': 'Log',
  'nav.settings': 'Settings',
  'banner.training':
    'Training mode — codes come from the built-in simulator; nothing reaches WeChat. Set Live credentials in Settings to go live.',
  'mode.training': 'Training',
  'mode.live': 'Live',
  'comingLater.title': '{screen} is not built yet',
  'comingLater.body': 'This screen comes in a later release. Nothing shown here is real data.',
  'comingLater.batches': 'Apply for code batches, download and decrypt packages, export ranges for the carton printer.',
  'comingLater.activate': 'Activate the index range printed on each carton run.',
  'comingLater.verify': 'Scan cartons and get a pass or fail verdict at once.',
  'comingLater.products': 'Manage the products that activations point to.',
  'comingLater.log': 'Scans and audit entries, with filters and shift reports.',
  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.languageHint': 'Applies at once on this station.',
  'settings.languageSystem': 'Follow the system ({locale})',
  'settings.about': 'About this station',
  'settings.version': 'Version',
  'settings.mode': 'Mode',
  'settings.dataDir': 'Data folder',
  'settings.hid': 'HID POS scanners',
  'settings.hidOn': 'Available: HID POS scanners can be used.',
  'settings.hidOff': 'HID scanning is off: {reason}. Keyboard-wedge scanners still work.',
  'settings.hidNote':
    'HID POS scanners appear under usage page 0x8C. On Linux the station needs read/write access to /dev/hidraw* (a udev rule, see docs/scanners.md); scanners in keyboard mode are used as keyboard-wedge instead.',
  'settings.saved': 'Saved.',
  'error.generic': 'Something went wrong: {message}',
  'error.transport': 'Lost contact with the station service. Restart the app if this persists.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
