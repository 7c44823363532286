import type { AppConfig } from './app-config';

/** JSON for log collectors; readable lines for a person at a terminal. */
export type LogOutput = 'pretty' | 'json';

/**
 * How logs are written: readable lines (pino-pretty) when a person is watching a terminal in
 * development, JSON lines otherwise (a pipe, a file, a container, tests, production), unless `LOG_FORMAT` says.
 */
export function logOutput(config: Pick<AppConfig, 'logFormat' | 'environment'>, stdoutIsTerminal: boolean): LogOutput {
  if (config.logFormat !== 'auto') return config.logFormat;
  return stdoutIsTerminal && config.environment === 'development' ? 'pretty' : 'json';
}

/** pino's options for the output: pino-pretty runs as a transport (a worker thread) only for the terminal. */
export function pinoOutputOptions(output: LogOutput): { transport?: { target: string; options: Record<string, unknown> } } {
  if (output === 'json') return {};
  return {
    transport: {
      target: 'pino-pretty',
      options: {
        colorize: true,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,req,res,requestId,context,responseTime',
        messageFormat: '{if context}[{context}] {end}{msg}',
        singleLine: true,
      },
    },
  };
}
