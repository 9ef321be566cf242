export * from './decide';
export * from './normalize';
export * from './score';
export * from './title-parser';
export * from './types';
