export { createS3Store } from './create-s3-store.js';
export type { S3RequestStats, S3Store, S3StoreOptions } from './create-s3-store.js';
export { createS3Backend, type S3Location } from './s3-backend.js';
