export * from './crm';
export * from './signals';
