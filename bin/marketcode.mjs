#!/usr/bin/env node
// Runs the CLI straight from the TypeScript sources through tsx, so the CLI
// never lags behind a stale build in a developer's checkout.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main/cli/main.ts', import.meta.url).href);
