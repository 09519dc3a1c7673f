import type { Action, InvocationError, MessageOf } from '../messages.js';
import { PROTOCOL_VERSION } from '../messages.js';
import {
  type Fields,
  readCount,
  readName,
  readNames,
  readOptionalName,
  readOptionalTexts,
  readRecord,
  readText,
  withoutUndefined,
} from './fields.js';
import { readOptionalSpillTarget, readPayloadField } from './payload-fields.js';

type Reader<A extends Action> = (fields: Fields) => MessageOf<A>;
const v = PROTOCOL_VERSION;

function readInvocationError(fields: Fields, where: string): InvocationError {
  const at = `${where}.error`;
  return withoutUndefined({
    errorType: readText(fields, 'errorType', at),
    errorMessage: readText(fields, 'errorMessage', at),
    trace: readOptionalTexts(fields, 'trace', at),
  });
}

/**
 * One reader per action: each checks every field of its message and builds
 * a fresh object holding only those fields, so unknown fields never travel
 * further.
 */
export const MESSAGE_READERS: { [A in Action]: Reader<A> } = {
  register: (f) => ({
    action: 'register',
    v,
    app: readName(f, 'app', 'register'),
    stage: readName(f, 'stage', 'register'),
    runner: readName(f, 'runner', 'register'),
    functions: readNames(f, 'functions', 'register'),
  }),
  registered: (f) => ({
    action: 'registered',
    v,
    app: readName(f, 'app', 'registered'),
    stage: readName(f, 'stage', 'registered'),
    connection: readName(f, 'connection', 'registered'),
  }),
  evicted: (f) => ({
    action: 'evicted',
    v,
    app: readName(f, 'app', 'evicted'),
    stage: readName(f, 'stage', 'evicted'),
    reason: readText(f, 'reason', 'evicted'),
    by: readName(f, 'by', 'evicted'),
  }),
  invoke: (f) =>
    withoutUndefined({
      action: 'invoke',
      v,
      id: readName(f, 'id', 'invoke'),
      app: readName(f, 'app', 'invoke'),
      stage: readName(f, 'stage', 'invoke'),
      function: readName(f, 'function', 'invoke'),
      deadline: readCount(f, 'deadline', 'invoke'),
      payload: readPayloadField(f, 'payload', 'invoke'),
      result: readOptionalSpillTarget(f, 'result', 'invoke'),
      stub: readOptionalName(f, 'stub', 'invoke'),
    }),
  resume: (f) =>
    withoutUndefined({
      action: 'resume',
      v,
      id: readName(f, 'id', 'resume'),
      app: readName(f, 'app', 'resume'),
      stage: readName(f, 'stage', 'resume'),
      stub: readOptionalName(f, 'stub', 'resume'),
    }),
  ack: (f) => ({
    action: 'ack',
    v,
    id: readName(f, 'id', 'ack'),
    stub: readName(f, 'stub', 'ack'),
  }),
  result: (f) => ({
    action: 'result',
    v,
    id: readName(f, 'id', 'result'),
    stub: readName(f, 'stub', 'result'),
    payload: readPayloadField(f, 'payload', 'result'),
  }),
  error: (f) => ({
    action: 'error',
    v,
    id: readName(f, 'id', 'error'),
    stub: readName(f, 'stub', 'error'),
    error: readInvocationError(readRecord(f, 'error', 'error'), 'error'),
  }),
  fault: (f) =>
    withoutUndefined({
      action: 'fault',
      v,
      code: readName(f, 'code', 'fault'),
      message: readText(f, 'message', 'fault'),
      id: readOptionalName(f, 'id', 'fault'),
    }),
  ping: () => ({ action: 'ping', v }),
};
