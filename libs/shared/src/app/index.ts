export * from './core.module';
export * from './start-service';
