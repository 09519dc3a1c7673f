export {
  S3_PAYLOAD_STORE_DEFAULTS,
  S3PayloadStore,
  type S3PayloadStoreOptions,
} from './s3-payload-store.js';
