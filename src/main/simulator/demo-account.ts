import type { SimulatorAccount } from './types';

/** The Training-mode account: not a real WeChat account, never valid against the real service. */
export const DEMO_ACCOUNT: SimulatorAccount = Object.freeze({
  appid: 'wxd0000000000demo1',
  secret: 'demo0secret0marketcode0station00',
  serviceKey: 'DemoServiceKey16',
});
