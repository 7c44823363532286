export * from './access';
export * from './calendar';
export * from './clock';
export * from './errors';
export * from './ids';
export * from './transitions';
export * from './clock.module';
export * from './euro-amount';
