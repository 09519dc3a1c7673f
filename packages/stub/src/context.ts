/**
 * The part of Lambda's Node.js context object the stub reads.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string | number;
  logGroupName: string;
  logStreamName: string;
  identity?: unknown;
  clientContext?: unknown;
  getRemainingTimeInMillis(): number;
}

/** The context sent to the runner (contract section 1). */
export interface InvocationContext
  extends Omit<LambdaContext, 'getRemainingTimeInMillis'> {
  /** Epoch milliseconds by which the invocation must finish. */
  deadline: number;
  /**
   * Epoch milliseconds when the stub began sending the invocation: the
   * runner measures the relay's overhead from it.
   */
  sentAt: number;
}

/** The invocation's context as the runner receives it. */
export function toInvocationContext(
  context: LambdaContext,
  deadline: number,
  sentAt: number = Date.now(),
): InvocationContext {
  const sent: InvocationContext = {
    awsRequestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    deadline,
    sentAt,
  };
  if (context.identity != null) sent.identity = context.identity;
  if (context.clientContext != null) {
    sent.clientContext = context.clientContext;
  }
  return sent;
}

const CREDENTIALS = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
]);

/**
 * The function's environment as forwarded: everything but the stub's own
 * `TETHER_*` settings, and the role's credentials only when asked.
 */
export function toForwardedEnv(
  env: Record<string, string | undefined>,
  forwardCredentials: boolean,
): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('TETHER_')) continue;
    if (!forwardCredentials && CREDENTIALS.has(name)) continue;
    forwarded[name] = value;
  }
  return forwarded;
}
