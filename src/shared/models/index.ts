export * from './common';
export * from './status';
export * from './profile';
export * from './target';
export * from './job';
export * from './session';
export * from './settings';
export * from './kiosk';
