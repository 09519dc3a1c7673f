import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { type FunctionReference, parseFunctionName } from './function-name.js';
import { LAMBDA_LIMITS } from './limits.js';
import {
  CUT_SHORT,
  type FunctionAnswer,
  isAbandoned,
  isCutShort,
  isThrottled,
  type LocalFunction,
  THROTTLED,
} from './local-function.js';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/** What the endpoint needs from the service. */
export interface InvokeEndpointHost {
  /** The function a reference names, or the ARN it would have. */
  find(reference: FunctionReference): LocalFunction | string;
  logger: Logger;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The HTTP side of Lambda's Invoke API
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), as
 * `@aws-sdk/client-lambda` calls it: RequestResponse, Event and DryRun,
 * the function-error and log-tail headers, the payload quotas, and the
 * service's error types in the `x-amzn-ErrorType` header.
 */
export function createInvokeEndpoint(host: InvokeEndpointHost) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(host, request, response).catch((error: unknown) => {
      if (error instanceof ApiError) {
        sendError(response, error);
        return;
      }
      if (isCutShort(error)) {
        sendError(response, new ApiError(500, 'ServiceException', CUT_SHORT));
        return;
      }
      // The client has gone: nobody is left to answer.
      if (isAbandoned(error)) return;
      if (isThrottled(error)) {
        sendError(
          response,
          new ApiError(429, 'TooManyRequestsException', THROTTLED),
        );
        return;
      }
      host.logger.error('the Invoke endpoint failed', error);
      sendError(response, new ApiError(500, 'ServiceException', String(error)));
    });
  };
}

async function handle(
  host: InvokeEndpointHost,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const match = INVOKE_PATH.exec(url.pathname);
  if (request.method !== 'POST' || !match?.[1]) {
    request.resume();
    throw new ApiError(404, 'UnknownOperationException', 'Unknown operation');
  }
  const type = header(request, 'x-amz-invocation-type') ?? 'RequestResponse';
  const limit =
    type === 'Event'
      ? LAMBDA_LIMITS.asyncRequestBytes
      : LAMBDA_LIMITS.syncRequestBytes;
  const body = await readBody(request, limit, type);
  const { target, invokedArn } = findTarget(
    host,
    match[1],
    url.searchParams.get('Qualifier'),
  );
  if (!INVOCATION_TYPES.has(type)) {
    throw validation(`'${type}' at 'invocationType'`);
  }
  const event = parseEvent(body);
  const clientContext = parseClientContext(request);
  if (type === 'DryRun') {
    response.writeHead(204).end();
    return;
  }
  if (type === 'Event') {
    runInBackground(host, target, event);
    response.writeHead(202, { 'x-amzn-requestid': crypto.randomUUID() });
    response.end();
    return;
  }
  const tail = header(request, 'x-amz-log-type') === 'Tail';
  // A client that hangs up (its own timeout) takes back an invocation
  // still waiting for an environment.
  const gone = new AbortController();
  const hangUp = () => gone.abort();
  response.once('close', hangUp);
  try {
    const answer = await target.invoke(event, {
      clientContext,
      tail,
      invokedArn,
      signal: gone.signal,
    });
    sendAnswer(response, answer);
  } finally {
    response.off('close', hangUp);
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function validation(what: string): ApiError {
  return new ApiError(
    400,
    'ValidationException',
    `1 validation error detected: Value ${what} failed to satisfy constraint`,
  );
}

function findTarget(
  host: InvokeEndpointHost,
  rawName: string,
  qualifier: string | null,
): { target: LocalFunction; invokedArn: string } {
  const name = decodeName(rawName);
  const reference = name === undefined ? undefined : parseFunctionName(name);
  if (!reference) throw validation(`'${name ?? rawName}' at 'functionName'`);
  if (qualifier) {
    if (reference.qualifier && reference.qualifier !== qualifier) {
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    }
    reference.qualifier = qualifier;
  }
  const found = host.find(reference);
  if (typeof found === 'string') {
    const message = `Function not found: ${found}`;
    throw new ApiError(404, 'ResourceNotFoundException', message);
  }
  // A qualified name reaches the handler as a qualified ARN, as on Lambda.
  const suffix = reference.qualifier ? `:${reference.qualifier}` : '';
  return { target: found, invokedArn: `${found.arn}${suffix}` };
}

// A malformed escape (`%E0%A4%A`) is a malformed name, not a server fault.
function decodeName(rawName: string): string | undefined {
  try {
    return decodeURIComponent(rawName);
  } catch {
    return undefined;
  }
}

// The whole body is read even past the limit, so that the client, still
// sending, receives the 413 instead of a reset connection.
async function readBody(
  request: IncomingMessage,
  limit: number,
  type: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) {
    const operation = type === 'Event' ? 'InvokeAsync' : 'InvokeFunction';
    throw new ApiError(
      413,
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the ${operation} operation`,
    );
  }
  return Buffer.concat(chunks, size);
}

function parseEvent(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError(
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
}

function parseClientContext(request: IncomingMessage): unknown {
  const encoded = header(request, 'x-amz-client-context');
  if (!encoded) return undefined;
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(encoded, 'base64').toString('utf8'),
    );
    if (typeof parsed === 'object' && parsed !== null) return parsed;
  } catch {
    // answered below
  }
  throw new ApiError(
    400,
    'InvalidRequestContentException',
    'Client context must be a valid Base64-encoded JSON object.',
  );
}

function runInBackground(
  host: InvokeEndpointHost,
  target: LocalFunction,
  event: unknown,
): void {
  target.invoke(event).then(
    (answer) => {
      if (!answer.functionError) return;
      host.logger.warn(
        `${target.name} ${answer.requestId} (Event) failed: ${answer.payload}`,
      );
    },
    (error: unknown) =>
      host.logger.debug(`${target.name} (Event) did not run`, error),
  );
}

function sendAnswer(response: ServerResponse, answer: FunctionAnswer): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': answer.requestId,
    'x-amz-executed-version': '$LATEST',
  };
  if (answer.functionError) headers['x-amz-function-error'] = 'Unhandled';
  if (answer.log !== undefined) {
    const bytes = Buffer.from(answer.log, 'utf8');
    headers['x-amz-log-result'] = bytes
      .subarray(Math.max(0, bytes.length - LAMBDA_LIMITS.tailBytes))
      .toString('base64');
  }
  response.writeHead(200, headers).end(answer.payload);
}

function sendError(response: ServerResponse, error: ApiError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify({
    Type: error.status >= 500 ? 'Service' : 'User',
    Message: error.message,
    message: error.message,
  });
  response
    .writeHead(error.status, {
      'content-type': 'application/json',
      'x-amzn-errortype': error.type,
      'x-amzn-requestid': crypto.randomUUID(),
    })
    .end(body);
}
