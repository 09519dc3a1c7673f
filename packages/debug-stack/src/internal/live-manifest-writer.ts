import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NestedStack } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import {
  LIVE_MANIFEST_FILE,
  type LiveFunction,
  type LiveManifest,
} from '../live-manifest.js';
import { DEBUG_STACK_OUTPUTS } from '../tether-debug-stack.js';
import type { LiveRecord, LiveSession } from './live-session.js';

/** The live manifest of a session, read from the app as synthesized. */
export function buildLiveManifest(session: LiveSession): LiveManifest {
  const debug = session.ensureDebugStack();
  return {
    version: 1,
    app: session.options.app,
    stage: session.options.stage,
    relay: {
      stack: debug.stackName,
      urlOutput: DEBUG_STACK_OUTPUTS.webSocketUrl,
    },
    functions: session.records.map((record) => describe(session, record)),
  };
}

/** Writes the session's manifest into the cloud assembly directory. */
export function writeLiveManifest(session: LiveSession, outdir: string): void {
  const manifest = buildLiveManifest(session);
  writeFileSync(
    path.join(outdir, LIVE_MANIFEST_FILE),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
}

function describe(session: LiveSession, record: LiveRecord): LiveFunction {
  const fn = record.scope.node.findChild(record.id);
  const stack = Stack.of(fn);
  const cfn = fn.node.defaultChild as CfnFunction;
  const nested = nestedStackIds(stack);
  return {
    id: session.liveId(record),
    constructPath: record.constructPath,
    stack: nested.top.stackName,
    ...(nested.ids.length > 0 && { nestedStacks: nested.ids }),
    logicalId: stack.resolve(cfn.logicalId) as string,
    runtime: record.runtime,
    handler: record.handler,
    memorySize: record.memorySize,
    timeout: record.timeout,
    source: record.source,
  };
}

// A nested stack's CloudFormation name is only known once deployed: name
// the top-level stack and the nested stacks' logical ids down from it.
function nestedStackIds(stack: Stack): { top: Stack; ids: string[] } {
  const ids: string[] = [];
  let current = stack;
  while (current.nestedStackParent !== undefined) {
    const parent = current.nestedStackParent;
    const resource = (current as NestedStack).nestedStackResource;
    ids.unshift(parent.resolve(resource?.logicalId) as string);
    current = parent;
  }
  return { top: current, ids };
}
