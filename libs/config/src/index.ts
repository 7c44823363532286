export { AppConfig, ConfigError, type DatabaseSettings, loadConfig } from './app-config';
export { ConfigModule } from './config.module';
export { logOutput, pinoOutputOptions } from './logging';
