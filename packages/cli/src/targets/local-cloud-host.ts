import { format } from 'node:util';
import { type LocalCloud, startLocalCloud } from '@tether/local-cloud';
import type {
  HostError,
  HostReply,
  HostRequest,
} from './local-cloud-protocol.js';
import type { StackOutputs } from './target.js';

// local-cloud runs in this process of its own, beside the CLI: its HTTP
// and WebSocket servers, dynalite, s3rver and the many function processes
// it starts then never hold up the runner's event loop in the CLI. It
// stops when told, or when the CLI's channel closes (the CLI is gone).

let cloud: LocalCloud | undefined;
let stopping: Promise<void> | undefined;

function send(reply: HostReply): void {
  if (process.connected) process.send?.(reply);
}

const log =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (message: string, ...details: unknown[]) =>
    send({ type: 'log', level, text: format(message, ...details) });

const logger = {
  debug: log('debug'),
  info: log('info'),
  warn: log('warn'),
  error: log('error'),
};

function toHostError(error: unknown): HostError {
  const { name, message, stack, code } = error as Partial<HostError>;
  return {
    name: name ?? 'Error',
    message: message ?? String(error),
    stack,
    code: typeof code === 'string' ? code : undefined,
  };
}

// CloudFormation outputs are strings; a value that is not (an unresolved
// structure) is written as its JSON text rather than dropped.
function toStackOutputs(
  outputs: Record<string, Record<string, unknown>>,
): StackOutputs {
  const text = (value: unknown) =>
    typeof value === 'string' ? value : JSON.stringify(value);
  return Object.fromEntries(
    Object.entries(outputs).map(([stack, values]) => [
      stack,
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key, text(value)]),
      ),
    ]),
  );
}

async function deploy(request: Extract<HostRequest, { type: 'deploy' }>) {
  cloud ??= await startLocalCloud({
    region: request.region,
    accountId: request.accountId,
    credentials: request.credentials,
    persistDir: request.persistDir,
    port: request.port,
    logger,
    // The stubs' own output: protocol detail, shown with --verbose.
    onOutput: (output) =>
      logger.debug(`[${output.functionName}] ${output.text.trimEnd()}`),
  });
  const running = await cloud.deployAssembly(request.assemblyDir);
  send({
    type: 'deployed',
    outputs: toStackOutputs(running.outputs),
    apis: running.apis,
    functions: running.functions,
    lambdaEndpoint: running.lambdaEndpoint ?? cloud.endpoints.lambda,
    warnings: running.warnings,
  });
}

function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      await cloud?.stop();
    } catch (error) {
      logger.warn('local-cloud did not stop cleanly: %s', String(error));
    }
    cloud = undefined;
  })();
  return stopping;
}

process.on('message', (request: HostRequest) => {
  if (request.type === 'deploy') {
    deploy(request).catch((error: unknown) =>
      send({ type: 'failed', error: toHostError(error) }),
    );
  } else if (request.type === 'stop') {
    void stop().then(() => {
      send({ type: 'stopped' });
      process.disconnect();
    });
  }
});
process.on('disconnect', () => void stop().then(() => process.exit(0)));
// Ctrl-C in a terminal reaches this process too: the CLI stops it in order
// (runner first), so the signal itself is ignored here.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
