export {
  startFakeSts,
  serveDirectory,
  type FakeSts,
  type FakeStsOptions,
  type FakeTrustPolicy,
} from './fake-sts.js';
