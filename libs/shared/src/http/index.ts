export * from './bearer-token.guard';
export * from './health.controller';
export * from './metrics.controller';
export * from './parse-request';
