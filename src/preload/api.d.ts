import type { MarketcodeApi } from '../shared/api';

declare global {
  interface Window {
    api: MarketcodeApi;
  }
}

export {};
