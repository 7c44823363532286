import { logOutput, pinoOutputOptions } from './logging';

describe('log output', () => {
  it('is readable on a terminal in development, JSON everywhere else', () => {
    expect(logOutput({ logFormat: 'auto', environment: 'development' }, true)).toBe('pretty');
    expect(logOutput({ logFormat: 'auto', environment: 'development' }, false)).toBe('json');
    expect(logOutput({ logFormat: 'auto', environment: 'production' }, true)).toBe('json');
    expect(logOutput({ logFormat: 'auto', environment: 'test' }, true)).toBe('json');
  });

  it('follows LOG_FORMAT when it is set', () => {
    expect(logOutput({ logFormat: 'json', environment: 'development' }, true)).toBe('json');
    expect(logOutput({ logFormat: 'pretty', environment: 'production' }, false)).toBe('pretty');
  });

  it('uses pino-pretty only for readable lines', () => {
    expect(pinoOutputOptions('json')).toEqual({});
    expect(pinoOutputOptions('pretty').transport?.target).toBe('pino-pretty');
  });
});
