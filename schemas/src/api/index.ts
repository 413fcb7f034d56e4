export * from './query-params.js';
export * from './query-responses.js';
