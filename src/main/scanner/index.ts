export { hidStatus, loadHid, type HidLoadResult } from './hid-loader';
