export { LEDGER_SPLIT, splitOnFirstStart, type LedgerSplitResult } from './ledger-split';
export { bindConnectionToMode } from './mode-connection';
export { createModeHolder, type ModeHolder, type ModePartLifecycle } from './mode-holder';
export {
  assertLedgerMode,
  LEDGER_MODE_KEY,
  modeFolder,
  modeLedgerPath,
  openTrainingLedger,
  recordedLedgerMode,
  recordLedgerMode,
  TRAINING_FOLDER,
} from './mode-ledger';
export { composeModeLedger, type ModeLedger } from './mode-part-ledger';
export { defaultExportPath } from './export-folder';
