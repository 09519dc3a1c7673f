import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A built asset as CDK would leave it: CommonJS index.js at the root.
const INDEX = `
exports.handler = async (event, context) => ({
  event,
  pid: process.pid,
  requestId: context.awsRequestId,
  functionName: context.functionName,
  arn: context.invokedFunctionArn,
  memory: context.memoryLimitInMB,
  clientContext: context.clientContext,
});
exports.env = async () => process.env;
exports.sdk = async () => {
  const { S3Client } = require('@aws-sdk/client-s3');
  return typeof S3Client;
};
exports.fails = async () => {
  const error = new Error('order 42 not found');
  error.name = 'OrderNotFound';
  throw error;
};
exports.slow = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { pid: process.pid };
};
exports.marks = async (event) => {
  console.log('ran ' + event.id);
  await (await fetch(event.barrier)).text();
  return { pid: process.pid };
};
exports.meets = async (event) => {
  await (await fetch(event.barrier)).text();
  return { pid: process.pid };
};
exports.types = async (event) => ({
  date: Object.prototype.toString.call(event.date),
  hasGone: 'gone' in event,
});
exports.waits = () => {
  console.log('waiting');
  return new Promise((resolve) => setTimeout(resolve, 60000));
};
exports.hangs = () => new Promise((resolve) => setTimeout(resolve, 60000));
exports.big = async (event) => 'z'.repeat(event.bytes);
exports.logs = async (event) => {
  console.log('hello from ' + event.who);
  return 'logged';
};
exports.exits = async () => process.exit(2);
`;

const ESM = `
import { S3Client } from '@aws-sdk/client-s3';
export const handler = async (event) => ({ esm: true, event });
export const sdk = async () => typeof S3Client;
`;

/** A temporary asset directory with the test handlers. */
export function writeAsset(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tether-lambda-'));
  writeFileSync(path.join(dir, 'index.js'), INDEX);
  mkdirSync(path.join(dir, 'esm'));
  writeFileSync(path.join(dir, 'esm', 'app.mjs'), ESM);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
