import { formatDuration } from './format-event.js';
import type { Palette } from './palette.js';

/** An API the app exposes, with the URL to call it at. */
export interface HeaderApi {
  stack: string;
  logicalId: string;
  type: string;
  url: string;
}

/** A live function and where its code comes from. */
export interface HeaderFunction {
  id: string;
  /** Source file or folder, relative to the app when inside it. */
  source: string;
}

/** What the header of `tether dev` shows. */
export interface HeaderInfo {
  app: string;
  stage: string;
  target: 'local' | 'aws';
  region: string;
  relayUrl: string;
  lambdaEndpoint: string | undefined;
  apis: HeaderApi[];
  functions: HeaderFunction[];
  readyMs: number;
}

const READY_TIP =
  'Save a handler to change what the next invocation runs; Ctrl-C stops.';

const label = (colors: Palette, text: string) =>
  colors.dim(`  ${text.padEnd(10)}`);

function apiLines(info: HeaderInfo, colors: Palette): string[] {
  // The relay's own WebSocket API is already shown as the relay.
  const apis = info.apis.filter((api) => api.url !== info.relayUrl);
  return apis.map((api) => {
    const where = colors.dim(`${api.stack}/${api.logicalId}`);
    // As the stack's output (`apiEndpoint`) has it: `${url}/hello` works.
    const url = api.url.replace(/\/$/, '');
    return `${label(colors, `${api.type} API`)} ${colors.cyan(url)} ${where}`;
  });
}

function functionLines(info: HeaderInfo, colors: Palette): string[] {
  const width = Math.max(0, ...info.functions.map((fn) => fn.id.length));
  const count = `${info.functions.length} live`;
  return [
    `${label(colors, 'functions')} ${count}`,
    ...info.functions.map(
      (fn) => `    ${fn.id.padEnd(width)}  ${colors.dim(fn.source)}`,
    ),
  ];
}

/**
 * The short header `tether dev` prints once everything is up: app, stage,
 * target, the relay, the APIs' URLs and the live functions with their
 * sources.
 */
export function formatHeader(info: HeaderInfo, colors: Palette): string {
  const target = info.target === 'local' ? 'local-cloud' : `AWS ${info.region}`;
  const lines = [
    `${colors.bold('tether dev')}  ${[
      info.app,
      `stage ${colors.bold(info.stage)}`,
      target,
    ].join(` ${colors.dim('·')} `)}`,
    `${label(colors, 'relay')} ${info.relayUrl}`,
  ];
  if (info.lambdaEndpoint !== undefined) {
    lines.push(`${label(colors, 'lambda')} ${info.lambdaEndpoint}`);
  }
  lines.push(...apiLines(info, colors), ...functionLines(info, colors));
  lines.push(
    colors.green(`Ready in ${formatDuration(info.readyMs)}. ${READY_TIP}`),
  );
  return lines.join('\n');
}
