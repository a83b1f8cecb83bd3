export * from './schemas/crm';
export * from './schemas/settings';
export * from './contracts/errors';
export * from './contracts/snapshot';
export * from './contracts/sync';
export * from './contracts/card';
export * from './contracts/settings-api';
export * from './contracts/portfolio';
