export * from './define';
export * from './calls';
export * from './events';
export * from './envelope';
export * from './bridge-api';
