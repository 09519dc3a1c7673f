import {
  CloudFormationClient,
  DescribeStackResourceCommand,
} from '@aws-sdk/client-cloudformation';
import {
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { CliError, EXIT_CODES, type ExitCode } from '../errors.js';
import { findCdkApp } from '../internal/cdk-app.js';
import { findFunction } from '../internal/find-function.js';
import { describeFunctionError } from '../internal/function-error.js';
import { readEvent } from '../internal/read-event.js';
import {
  readSession,
  type Session,
  type SessionFunction,
} from '../internal/session-file.js';
import type { ResolvedOptions } from '../options.js';
import { localCredentials } from '../targets/local-credentials.js';
import type { CommandContext } from './context.js';

async function physicalName(session: Session, fn: SessionFunction) {
  if (fn.name !== undefined) return fn.name;
  const cloudFormation = new CloudFormationClient({ region: session.region });
  const { StackResourceDetail } = await cloudFormation.send(
    new DescribeStackResourceCommand({
      StackName: fn.stack,
      LogicalResourceId: fn.logicalId,
    }),
  );
  const name = StackResourceDetail?.PhysicalResourceId;
  if (name === undefined)
    throw new Error(`${fn.constructPath} is not deployed`);
  return name;
}

function lambdaClient(session: Session): LambdaClient {
  if (session.target === 'aws')
    return new LambdaClient({ region: session.region });
  return new LambdaClient({
    region: session.region,
    endpoint: session.lambdaEndpoint,
    credentials: localCredentials(),
  });
}

/**
 * `tether invoke FUNCTION --event FILE`: invokes one function of a running
 * `tether dev` through the whole chain (stub, relay, runner) and prints its
 * result on stdout, or its error on stderr.
 *
 * @returns `OK`, or `FUNCTION_ERROR` when the function returned an error.
 * @throws {CliError} `NO_SESSION`, `FUNCTION_NOT_FOUND`, `EVENT_UNREADABLE`,
 *   `INVOKE_FAILED`.
 */
export async function runInvoke(
  wanted: string,
  eventFile: string | undefined,
  options: ResolvedOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const app = await findCdkApp(options.app, options.cwd);
  const session = await readSession(app.directory, options.stage);
  const fn = findFunction(session.functions, wanted);
  const event = await readEvent(eventFile, options.cwd);
  let response: InvokeCommandOutput;
  try {
    response = await lambdaClient(session).send(
      new InvokeCommand({
        FunctionName: await physicalName(session, fn),
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
  } catch (cause) {
    throw new CliError('INVOKE_FAILED', `invoking ${fn.constructPath} failed`, {
      hint: 'check that tether dev is still running and reachable',
      cause,
    });
  }
  const payload = Buffer.from(response.Payload ?? new Uint8Array()).toString(
    'utf8',
  );
  if (response.FunctionError !== undefined) {
    context.reporter.failure(
      new CliError(
        'FUNCTION_ERROR',
        `${fn.constructPath} failed: ${describeFunctionError(payload)}`,
      ),
    );
    return EXIT_CODES.FUNCTION_ERROR;
  }
  context.reporter.info(payload);
  return EXIT_CODES.OK;
}
