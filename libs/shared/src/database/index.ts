export * from './data-source';
export * from './entities';
export * from './errors';
export { migrations } from './migrations';
export * from './query-rows';
