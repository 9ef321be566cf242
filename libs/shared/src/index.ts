export * from './app';
export * from './config';
export * from './contracts';
export * from './database';
export * from './http';
export * from './kafka';
export * from './observability';
export * from './outbox';
