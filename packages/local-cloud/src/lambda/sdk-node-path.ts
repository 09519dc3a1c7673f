import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The node_modules folder that provides `@aws-sdk/*` to local-cloud
 * itself: functions get it as `NODE_PATH`, as Lambda's Node.js runtime
 * provides the SDK under /var/runtime/node_modules.
 */
export function findSdkNodePath(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@aws-sdk/client-s3');
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = entry.lastIndexOf(`${marker}@aws-sdk${path.sep}`);
  return entry.slice(0, at + marker.length - 1);
}
