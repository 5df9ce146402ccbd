export { createAppInfoService, type AppInfoService, type AppInfoOptions } from './app-info-service';
