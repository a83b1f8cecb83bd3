export { createStore } from './create-store';
export * from './store';
