import { Command, CommanderError, Option } from 'commander';
import { EXIT_CODES } from './errors.js';
import type { CommandLineOptions } from './options.js';

/** A command line, parsed: which command, its options and arguments. */
export type ParsedCommand =
  | { command: 'dev' | 'deploy' | 'remove'; options: CommandLineOptions }
  | {
      command: 'invoke';
      options: CommandLineOptions;
      functionName: string;
      eventFile: string | undefined;
    };

/** The outcome of parsing: a command to run, or an exit (help, errors). */
export type ParseResult =
  | { kind: 'run'; parsed: ParsedCommand }
  | { kind: 'exit'; exitCode: number };

/** Where help and usage errors go. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

// `--local` only means something to `dev`; the other commands still accept
// it, so that `deploy --local` gets its explanation rather than "unknown
// option", but their help does not offer it.
function common(command: Command, offersLocal = false): Command {
  const local = new Option(
    '--local',
    'use local-cloud on this machine instead of AWS',
  ).hideHelp(!offersLocal);
  return command
    .option(
      '--stage <name>',
      'stage name (env TETHER_STAGE; default: your user name)',
    )
    .option('--profile <name>', 'AWS profile for credentials (env AWS_PROFILE)')
    .option(
      '--region <region>',
      'AWS region (env AWS_REGION; default: us-east-1)',
    )
    .option(
      '--app <folder|command>',
      'the CDK app folder, or its app command (default: .)',
    )
    .addOption(local)
    .option('--verbose', 'show toolkit and protocol diagnostics');
}

function devCommand(set: (parsed: ParsedCommand) => void): Command {
  return common(new Command('dev'), true)
    .alias('start')
    .description(
      'run the app live: invocations run your local source, rebuilt on save',
    )
    .addOption(
      new Option(
        '--inspect [host:port]',
        'start functions under the Node.js inspector (default: any free port)',
      ),
    )
    .option(
      '--increase-timeout',
      'raise deployed timeouts to 900 s, for breakpoints',
    )
    .option(
      '--persist <dir>',
      'keep local data in <dir> across runs (env TETHER_PERSIST_DIR)',
    )
    .option(
      '--port <number>',
      'port of the local Lambda Invoke endpoint (env TETHER_PORT; default: any free)',
    )
    .option(
      '--outputs-file <file>',
      'write stack outputs and local URLs as JSON once ready',
    )
    .action((options: CommandLineOptions) => set({ command: 'dev', options }));
}

function deployCommand(set: (parsed: ParsedCommand) => void): Command {
  return common(new Command('deploy'))
    .description(
      'deploy the app with its real code to AWS (code back in place of stubs)',
    )
    .option(
      '--outputs-file <file>',
      'write stack outputs as JSON (as cdk deploy does)',
    )
    .action((options: CommandLineOptions) =>
      set({ command: 'deploy', options }),
    );
}

function removeCommand(set: (parsed: ParsedCommand) => void): Command {
  return common(new Command('remove'))
    .description("remove the stage's debug stack from AWS")
    .action((options: CommandLineOptions) =>
      set({ command: 'remove', options }),
    );
}

function invokeCommand(set: (parsed: ParsedCommand) => void): Command {
  return common(new Command('invoke'))
    .description(
      'invoke one function of a running `tether dev` and print its result',
    )
    .argument(
      '<function>',
      'construct path, live id, deployed name or construct id',
    )
    .option('--event <file>', 'JSON file with the event (default: {})')
    .action(
      (
        functionName: string,
        options: CommandLineOptions & { event?: string },
      ) => {
        const { event, ...rest } = options;
        set({
          command: 'invoke',
          options: rest,
          functionName,
          eventFile: event,
        });
      },
    );
}

/**
 * Builds the `tether` command line. `set` receives the parsed command;
 * nothing runs here, so parsing is testable on its own.
 */
export function createProgram(
  set: (parsed: ParsedCommand) => void,
  output: ProgramOutput,
  version: string,
): Command {
  const program = new Command('tether')
    .description('Live AWS Lambda development for CDK apps')
    .version(version)
    .configureOutput(output)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  for (const command of [
    devCommand(set),
    deployCommand(set),
    removeCommand(set),
    invokeCommand(set),
  ]) {
    program.addCommand(command.configureOutput(output).exitOverride());
  }
  return program;
}

/**
 * Parses `argv` (user arguments, without node and the script). Help and
 * version exit with 0, usage errors with `EXIT_CODES.USAGE`.
 *
 * @example
 * ```ts
 * parseCommandLine(['dev', '--local'], output, '0.1.0');
 * ```
 */
export function parseCommandLine(
  argv: string[],
  output: ProgramOutput,
  version: string,
): ParseResult {
  let parsed: ParsedCommand | undefined;
  const program = createProgram(
    (value) => {
      parsed = value;
    },
    output,
    version,
  );
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return {
      kind: 'exit',
      exitCode: error.exitCode === 0 ? 0 : EXIT_CODES.USAGE,
    };
  }
  if (parsed === undefined) {
    program.outputHelp({ error: true });
    return { kind: 'exit', exitCode: EXIT_CODES.USAGE };
  }
  return { kind: 'run', parsed };
}
