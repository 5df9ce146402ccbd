export {
  createConnectionService,
  type ActiveConnection,
  type ConnectionService,
  type ConnectionServiceOptions,
} from './connection-service';
export { connectionFromEnvironment, type EnvironmentConnection } from './environment';
export { startTrainingSimulator, trainingSimulatorDbPath, TRAINING_ACCOUNT, TRAINING_DEMO_PRODUCTS } from './training';
