/**
 * The embedded stand-in for https://api.weixin.qq.com: token endpoints and the
 * `/intp/marketcode/*` API on 127.0.0.1, plus an admin API for faults and
 * inspection. Powers Training mode, the CLI demo and the tests. See docs/simulator.md.
 */
export { startSimulator } from './simulator';
export { DEMO_ACCOUNT } from './demo-account';
export { encryptPackage } from './encrypt-package';
export { createCodeGenerator, CODE_LENGTH, CODE_SPACE_SIZE, CODE_URL_LENGTH, CODE_URL_PREFIX, type CodeGenerator } from './code-generator';
export { buildPackageText, packageHeaderOf, type PackageSegment } from './package-builder';
export { ERRCODE } from './errcodes';
export { SIMULATED_CALLER_IP } from './http-server';
export { FAULT_KINDS, MARKETCODE_ENDPOINTS, PACKAGE_LAYOUTS } from './types';
export type {
  ActivationDetails,
  ActivationRecord,
  FaultKind,
  FaultRequest,
  MarketcodeEndpoint,
  MintedTicket,
  PackageLayout,
  RequestCounters,
  RunningSimulator,
  SimulatorAccount,
  SimulatorAdmin,
  SimulatorEndpoint,
  SimulatorOptions,
  SimulatorSettings,
} from './types';
