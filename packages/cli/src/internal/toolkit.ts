import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BaseCredentials,
  type CachedCloudAssembly,
  CdkAppMultiContext,
  type IIoHost,
  type IoMessage,
  type IoRequest,
  Toolkit,
} from '@aws-cdk/toolkit-lib';
import type { Logger } from '../render/reporter.js';

// Questions the toolkit asks before deploying or destroying. The CLI is not
// interactive (like `cdk deploy --require-approval never`): the user asked
// for the change by running the command.
const CONFIRMATIONS = new Set([
  'CDK_TOOLKIT_I5050',
  'CDK_TOOLKIT_I5060',
  'CDK_TOOLKIT_I7010',
]);

/**
 * An IoHost that hands the toolkit's messages to the CLI's logger: warnings
 * are shown, the rest only with `--verbose`. Errors become thrown errors
 * that the CLI renders, so they are not printed twice.
 */
export function createIoHost(logger: Logger): IIoHost {
  return {
    notify: async (msg: IoMessage<unknown>) => {
      const text = msg.message;
      if (msg.level === 'warn') logger.warn(text);
      else if (msg.level === 'info' || msg.level === 'result') {
        logger.info(text);
      } else logger.debug(text);
    },
    requestResponse: async <T>(msg: IoRequest<unknown, T>) =>
      (msg.code !== undefined && CONFIRMATIONS.has(msg.code)
        ? true
        : msg.defaultResponse) as T,
  };
}

/**
 * The CDK toolkit, with credentials from `profile` (or the default chain)
 * for the AWS target, and none for the local target.
 */
export function createToolkit(
  logger: Logger,
  aws: { profile: string | undefined; region: string } | undefined,
): Toolkit {
  return new Toolkit({
    ioHost: createIoHost(logger),
    color: false,
    emojis: false,
    sdkConfig: {
      baseCredentials:
        aws === undefined
          ? BaseCredentials.none()
          : BaseCredentials.awsCliCompatible({
              profile: aws.profile,
              defaultRegion: aws.region,
            }),
    },
  });
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /** The app's folder: the app command runs there. */
  directory: string;
  /** The `app` command. */
  command: string;
  /** Where the cloud assembly goes. */
  outdir: string;
  /** Context given on top of cdk.json and cdk.context.json. */
  context: Record<string, unknown>;
  /** Environment variables for the app (CDK_DEFAULT_REGION and so on). */
  env: Record<string, string>;
  /** Ask STS for the default account (AWS target only). */
  resolveAccount: boolean;
  /** Stops the app command when aborted (Ctrl-C during synthesis). */
  signal?: AbortSignal;
}

// The toolkit runs the app command through a small launcher that puts it
// in a process group of its own and records its pid, so that Ctrl-C (or a
// SIGTERM sent to the CLI alone) stops a synthesis at once.
const LAUNCHER = fileURLToPath(new URL('./app-launcher.js', import.meta.url));
const LAUNCHER_COMMAND = `"${process.execPath}" "${LAUNCHER}"`;

function stopLauncher(pidFile: string): void {
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
  } catch {
    // Not started yet, or already ended: nothing to stop.
  }
}

/**
 * Synthesizes the app into `outdir` with the toolkit. The caller owns the
 * result and disposes it when done (that releases the directory's lock).
 *
 * @throws whatever the toolkit throws; the caller wraps it.
 */
export async function synthesize(
  toolkit: Toolkit,
  options: SynthesizeOptions,
): Promise<CachedCloudAssembly> {
  const pidFile = path.join(path.dirname(options.outdir), 'app.pid');
  const source = await toolkit.fromCdkApp(LAUNCHER_COMMAND, {
    workingDirectory: options.directory,
    outdir: options.outdir,
    contextStore: new CdkAppMultiContext(options.directory, options.context),
    env: {
      ...options.env,
      TETHER_APP_COMMAND: options.command,
      TETHER_APP_PIDFILE: pidFile,
    },
    lookups: options.resolveAccount,
    resolveDefaultEnvironment: options.resolveAccount,
  });
  const stop = () => stopLauncher(pidFile);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await toolkit.synth(source);
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}
