export * from './consumer-lag';
export * from './logger';
export * from './metrics';
export * from './spans';
