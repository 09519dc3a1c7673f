import type { InjectionContext } from 'aws-cdk-lib';
import {
  type App,
  Aspects,
  type Environment,
  Lazy,
  Stack,
  Stage,
  Token,
} from 'aws-cdk-lib';
import { Code, RuntimeFamily } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { LiveFunctionSource } from '../live-manifest.js';
import { TetherDebugStack } from '../tether-debug-stack.js';
import type { TetherRelay } from '../tether-relay.js';
import { ASSET_PACKAGES, resolveAssetDir } from './assets.js';
import { learnSource } from './function-source.js';
import type { LambdaPropsView } from './lambda-props.js';
import { StageWarningAspect } from './live-aspect.js';
import type { LiveOptions } from './live-options.js';
import { debugStackName } from './names.js';
import { passesFilters } from './pattern.js';
import { isInRelayScope } from './relay-scope.js';
import { isImmutableRole } from './role-grants.js';
import { swapProps } from './stub-props.js';

/** A function that live mode put the stub in place of. */
export interface LiveRecord {
  readonly scope: IConstruct;
  readonly id: string;
  readonly constructPath: string;
  /** The path below the top-level stack. */
  readonly shortId: string;
  readonly runtime: string;
  readonly handler: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly source: LiveFunctionSource;
}

/**
 * The state of live mode in one app: the debug stack (made on first need,
 * in the environment of the first live function's stack), the functions
 * made live, and the warnings for those left alone.
 */
export class LiveSession {
  /** The resolved options. */
  readonly options: LiveOptions;
  /** The app live mode was enabled on. */
  readonly app: App;
  /** The live functions, in the order they were made. */
  readonly records: LiveRecord[] = [];
  /** Warnings by construct path, added to the function by an aspect. */
  readonly warnings = new Map<string, string>();
  /** The construct paths of every function the injector received. */
  readonly seen = new Set<string>();
  readonly #stubDir: string;
  readonly #watchedStages = new Set<Stage>();
  #debugStack: TetherDebugStack | undefined;

  constructor(app: App, options: LiveOptions) {
    this.app = app;
    this.options = options;
    this.#stubDir = resolveAssetDir(ASSET_PACKAGES.stub, options.stubAssetDir);
  }

  /** The debug stack, made in `near`'s environment when not made yet. */
  ensureDebugStack(near?: Stack): TetherDebugStack {
    if (this.#debugStack !== undefined) return this.#debugStack;
    const { app, stage } = this.options;
    const name = debugStackName(app, stage);
    this.#debugStack = new TetherDebugStack(this.app, name, {
      appName: app,
      stage,
      env: this.options.env ?? (near && environmentOf(near)),
      relayAssetDir: this.options.relayAssetDir,
    });
    return this.#debugStack;
  }

  /** The property injector's work: the props a function is built with. */
  transform(
    props: LambdaPropsView,
    context: InjectionContext,
  ): LambdaPropsView {
    const constructPath = `${context.scope.node.path}/${context.id}`;
    this.seen.add(constructPath);
    // The relay's own function is built while a user function is: skip it.
    if (isInRelayScope(context.scope)) return props;
    const stack = Stack.of(context.scope);
    const shortId = pathBelow(topStack(stack), constructPath);
    // Twins show their construct path as id: it filters as well.
    if (!passesFilters(this.options.filters, shortId, constructPath)) {
      return props;
    }
    const prepared = this.prepare(props, stack);
    if (typeof prepared === 'string') {
      this.warnings.set(
        constructPath,
        `${constructPath} stays as deployed in live mode: ${prepared}`,
      );
      return props;
    }
    const record = this.record(props, context, shortId, prepared.source);
    return swapProps(props, {
      relay: prepared.relay,
      code: Code.fromAsset(this.#stubDir),
      functionId: Lazy.string({ produce: () => this.liveId(record) }),
      options: this.options,
      timeout: record.timeout,
    });
  }

  /**
   * The id of a live function: its path below the stack, or its full
   * construct path (unique in the app) when another live function has the
   * same short id or that construct path.
   */
  liveId(record: LiveRecord): string {
    const clash = this.records.some(
      (other) =>
        other !== record &&
        (other.shortId === record.shortId ||
          other.constructPath === record.shortId),
    );
    return clash ? record.constructPath : record.shortId;
  }

  /** What a function needs to go live, or why it stays as deployed. */
  private prepare(
    props: LambdaPropsView,
    stack: Stack,
  ): { source: LiveFunctionSource; relay: TetherRelay } | string {
    const refusal = this.refuse(props, stack);
    if (refusal !== undefined) return refusal;
    const lookup = learnSource(props);
    if (!lookup.found) return lookup.reason;
    if (props.role !== undefined && isImmutableRole(props.role)) {
      const role = props.role.roleArn;
      return `its role ${role} is immutable: the stub could not connect`;
    }
    // Only now: the first function that can go live places the debug stack.
    const debug = this.ensureDebugStack(stack);
    if (debug.environment !== stack.environment) {
      return (
        `its stack is in ${stack.environment}, ` +
        `the debug stack in ${debug.environment}`
      );
    }
    // A given role gets the grants here; a role the function makes
    // itself gets them through initialPolicy (swapProps).
    for (const statement of debug.relay.stubStatements()) {
      props.role?.addToPrincipalPolicy(statement);
    }
    return { source: lookup.source, relay: debug.relay };
  }

  private refuse(props: LambdaPropsView, stack: Stack): string | undefined {
    const runtime = props.runtime;
    if (runtime?.family !== RuntimeFamily.NODEJS) {
      const name = runtime?.name ?? 'unknown';
      return `its runtime ${name} is not Node.js`;
    }
    if (!hasStubApis(runtime.name)) {
      return (
        `its runtime ${runtime.name} is older than the stub needs ` +
        `(Node.js ${STUB_MIN_NODE}, for fetch)`
      );
    }
    // Known limit (README, Limitations): CloudFormation exports cross
    // neither stages nor environments, so such functions stay deployed.
    const stage = Stage.of(stack);
    if (stage !== undefined && stage !== this.app) {
      this.watchStage(stage);
      return 'it is inside a nested Stage';
    }
    return undefined;
  }

  private watchStage(stage: Stage): void {
    if (this.#watchedStages.has(stage)) return;
    this.#watchedStages.add(stage);
    Aspects.of(stage).add(new StageWarningAspect(this.warnings));
  }

  private record(
    props: LambdaPropsView,
    context: InjectionContext,
    shortId: string,
    source: LiveFunctionSource,
  ): LiveRecord {
    const record: LiveRecord = {
      scope: context.scope,
      id: context.id,
      constructPath: `${context.scope.node.path}/${context.id}`,
      shortId,
      runtime: props.runtime?.name ?? '',
      handler: props.handler ?? '',
      memorySize: knownOr(props.memorySize ?? 128, LAMBDA_LIMITS.memoryMb),
      timeout: liveTimeout(props, this.options.timeoutSeconds),
      source,
    };
    this.records.push(record);
    return record;
  }
}

// Lambda's highest memory size and timeout: what the manifest gives for a
// value only known once deployed (a parameter, another resource's
// attribute), so the runner enforces no tighter limit than the real one.
const LAMBDA_LIMITS = Object.freeze({ memoryMb: 10240, timeoutSeconds: 900 });

function knownOr(value: number, fallback: number): number {
  return Token.isUnresolved(value) ? fallback : value;
}

/**
 * The timeout a live function is deployed with, in seconds: its own,
 * raised to the asked one; an own timeout only known once deployed stays
 * (see {@link swapProps}) and the manifest gives Lambda's highest.
 */
function liveTimeout(props: LambdaPropsView, ask: number | undefined): number {
  const own = props.timeout?.toSeconds() ?? 3;
  if (Token.isUnresolved(own)) return LAMBDA_LIMITS.timeoutSeconds;
  return Math.max(own, ask ?? own);
}

// The stub calls fetch and AbortSignal.timeout: Node.js 18 and later.
const STUB_MIN_NODE = 18;

function hasStubApis(runtimeName: string): boolean {
  const major = Number(/^nodejs(\d+)/.exec(runtimeName)?.[1] ?? 0);
  return major >= STUB_MIN_NODE;
}

function topStack(stack: Stack): Stack {
  let top = stack;
  while (top.nestedStackParent !== undefined) top = top.nestedStackParent;
  return top;
}

function pathBelow(stack: Stack, constructPath: string): string {
  return constructPath.slice(stack.node.path.length + 1);
}

function environmentOf(stack: Stack): Environment {
  return {
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
  };
}
