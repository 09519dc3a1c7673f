/**
 * What a local environment does with each variable Lambda defines
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html):
 *
 * - `keep`: the function's identity, credentials or settings, forwarded
 *   as the stub sent them;
 * - `runner`: a path of Lambda's machine, replaced by the runner's own
 *   value, or left out when the runner has none;
 * - `local`: a path of Lambda's machine, replaced by where the built code
 *   runs here;
 * - `drop`: only meaningful on Lambda's machine (its runtime API, its
 *   directories, its X-Ray daemon), left out;
 * - `per-invocation`: forwarded as the stub sent it, and set again in
 *   process.env for each invocation from that invocation's values: each
 *   stub execution environment has its own, so a change never restarts
 *   the local environments;
 * - `invocation-only`: set for each invocation, never for the environment.
 *
 * A variable not in the table is the user's and is kept.
 */
export const LAMBDA_VARIABLES = Object.freeze({
  AWS_REGION: 'keep',
  AWS_DEFAULT_REGION: 'keep',
  AWS_LAMBDA_FUNCTION_NAME: 'keep',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: 'keep',
  AWS_LAMBDA_FUNCTION_VERSION: 'keep',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'keep',
  AWS_LAMBDA_LOG_GROUP_NAME: 'keep',
  AWS_LAMBDA_LOG_STREAM_NAME: 'per-invocation',
  AWS_LAMBDA_LOG_FORMAT: 'keep',
  AWS_LAMBDA_LOG_LEVEL: 'keep',
  AWS_ACCESS_KEY: 'per-invocation',
  AWS_ACCESS_KEY_ID: 'per-invocation',
  AWS_SECRET_ACCESS_KEY: 'per-invocation',
  AWS_SESSION_TOKEN: 'per-invocation',
  AWS_XRAY_CONTEXT_MISSING: 'keep',
  TZ: 'keep',
  LANG: 'keep',
  PATH: 'runner',
  LD_LIBRARY_PATH: 'runner',
  NODE_EXTRA_CA_CERTS: 'runner',
  LAMBDA_TASK_ROOT: 'local',
  _HANDLER: 'local',
  NODE_PATH: 'drop',
  LAMBDA_RUNTIME_DIR: 'drop',
  AWS_LAMBDA_RUNTIME_API: 'drop',
  AWS_EXECUTION_ENV: 'drop',
  AWS_XRAY_DAEMON_ADDRESS: 'drop',
  _AWS_XRAY_DAEMON_ADDRESS: 'drop',
  _AWS_XRAY_DAEMON_PORT: 'drop',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'drop',
  AWS_CONTAINER_AUTHORIZATION_TOKEN: 'drop',
  _X_AMZN_TRACE_ID: 'invocation-only',
} as const satisfies Record<string, LambdaVariableRule>);

/** What a local environment does with one Lambda-defined variable. */
export type LambdaVariableRule =
  | 'keep'
  | 'runner'
  | 'local'
  | 'drop'
  | 'per-invocation'
  | 'invocation-only';

/** Where the built code of one function runs on this machine. */
export interface LocalCode {
  /** The folder the code runs from: `LAMBDA_TASK_ROOT`. */
  taskRoot: string;
  /** The handler relative to it, as Lambda's `_HANDLER` names one. */
  handler: string;
}

/** The inputs of {@link toLocalEnvironment}. */
export interface LocalEnvironmentInput {
  /** The function's environment as the stub forwarded it. */
  forwarded: Readonly<Record<string, string>>;
  /** The runner's own environment (`process.env`). */
  runner: Readonly<Record<string, string | undefined>>;
  code: LocalCode;
  /** The user's variables for this function: they win over the rest. */
  overrides: Readonly<Record<string, string>>;
}

function ruleOf(name: string): LambdaVariableRule {
  return Object.hasOwn(LAMBDA_VARIABLES, name)
    ? LAMBDA_VARIABLES[name as keyof typeof LAMBDA_VARIABLES]
    : 'keep';
}

function localValue(name: string, code: LocalCode): string {
  return name === 'LAMBDA_TASK_ROOT' ? code.taskRoot : code.handler;
}

/**
 * The variables an execution environment of the function gets here:
 * precedence the `overrides`, then the table's local value (the runner's
 * path, the code's folder), then the forwarded value. `_X_AMZN_TRACE_ID`
 * is left out, so a warm environment is not restarted for each
 * invocation: read it with {@link traceIdOf}. The `per-invocation`
 * variables are in (a new environment starts with them) but compare
 * with {@link restartSignature} and set them with
 * {@link invocationVariablesOf}.
 */
export function toLocalEnvironment(
  input: LocalEnvironmentInput,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.forwarded)) {
    const rule = ruleOf(name);
    if (rule === 'keep' || rule === 'per-invocation') {
      environment[name] = value;
    }
  }
  for (const [name, rule] of Object.entries(LAMBDA_VARIABLES)) {
    if (rule === 'local') environment[name] = localValue(name, input.code);
    const own = input.runner[name];
    if (rule === 'runner' && own !== undefined) environment[name] = own;
  }
  return Object.assign(environment, input.overrides);
}

/** The invocation's X-Ray trace header, if the stub forwarded one. */
export function traceIdOf(
  forwarded: Readonly<Record<string, string>>,
): string | undefined {
  const value = forwarded._X_AMZN_TRACE_ID;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const PER_INVOCATION = Object.keys(LAMBDA_VARIABLES).filter(
  (name) => ruleOf(name) === 'per-invocation',
);

/**
 * The `per-invocation` variables of a local environment, for the
 * invocation's process.env: `null` for one it lacks, so no earlier
 * invocation's value (another stub environment's credentials) stays.
 */
export function invocationVariablesOf(
  environment: Readonly<Record<string, string>>,
): Record<string, string | null> {
  const variables: Record<string, string | null> = {};
  for (const name of PER_INVOCATION) {
    variables[name] = Object.hasOwn(environment, name)
      ? (environment[name] as string)
      : null;
  }
  return variables;
}

/**
 * A local environment without its `per-invocation` variables: when it
 * differs, the function's environments restart with the new one.
 */
export function restartSignature(
  environment: Readonly<Record<string, string>>,
): Record<string, string> {
  const signature = { ...environment };
  for (const name of PER_INVOCATION) delete signature[name];
  return signature;
}
