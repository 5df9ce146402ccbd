export {
  createConnectivityMonitor,
  type ConnectivityMonitor,
  type ConnectivityState,
  type ConnectivityStatus,
} from './connectivity-monitor';
