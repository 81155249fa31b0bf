export * from './define';
export * from './calls/index';
export * from './events';
export * from './envelope';
export * from './bridge-api';
export * from './call-context';
