export * from './create';
export * from './envelope';
export * from './messages';
export * from './parse';
export * from './topics';
export * from './track';
