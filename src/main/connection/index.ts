export {
  createConnectionService,
  type ActiveConnection,
  type ConnectionService,
  type ConnectionServiceOptions,
} from './connection-service';
export { connectionFromEnvironment, type EnvironmentConnection } from './environment';
export {
  startTrainingSimulator,
  trainingSeed,
  trainingSeedPath,
  trainingSimulatorDbPath,
  TRAINING_ACCOUNT,
  TRAINING_DEMO_PRODUCTS,
} from './training';
