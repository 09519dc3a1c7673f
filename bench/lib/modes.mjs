import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The modes, in the order of the table. `floor` runs in this process;
 * the others are Invoke calls to local-cloud's Lambda endpoint.
 */
export const MODES = [
  { key: 'floor', label: 'Floor (in-process)' },
  { key: 'plain', label: 'Plain local Lambda' },
  { key: 'tether', label: 'Tether warm' },
  { key: 'stubPerInvocation', label: 'Tether, WS per invocation' },
  { key: 'freshRunner', label: 'Tether, process per invocation' },
];

/** An invocation's failure: counted as an error of its mode. */
export class InvokeFailure extends Error {}

/**
 * The floor: the same bundled handler called in this process, with the
 * JSON decoding of the event and encoding of the result that any runtime
 * does.
 */
export function floorInvoker(echoFile) {
  const { handler } = require(echoFile);
  return async (request) => {
    const result = await handler(JSON.parse(request.text), {});
    const text = JSON.stringify(result);
    if (text.length !== request.text.length) {
      throw new InvokeFailure('the floor answered another event');
    }
  };
}

/**
 * Invoke calls (RequestResponse) over HTTP keep-alive, the same client for
 * every mode. The answer must be the event sent, byte for byte.
 */
export function lambdaInvoker(endpoint, functionName, agent) {
  const url = new URL(
    `/2015-03-31/functions/${functionName}/invocations`,
    endpoint,
  );
  return (request, headers = {}) =>
    new Promise((resolve, reject) => {
      const call = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': request.body.length,
            ...headers,
          },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            const failed = response.headers['x-amz-function-error'];
            if (response.statusCode !== 200 || failed) {
              const text = body.subarray(0, 300).toString();
              reject(new InvokeFailure(`${response.statusCode} ${text}`));
            } else if (!request.check(body)) {
              reject(new InvokeFailure('the answer is not the event sent'));
            } else resolve({ headers: response.headers, body });
          });
        },
      );
      call.on('error', reject);
      call.end(request.body);
    });
}

/** One keep-alive agent for every HTTP mode. */
export function createAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity });
}
