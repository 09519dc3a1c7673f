export type { CommandContext } from './commands/context.js';
export type { CliErrorCode, ExitCode } from './errors.js';
export { CliError, EXIT_CODES, isCliError } from './errors.js';
export type { MainIo } from './main.js';
export { main } from './main.js';
export type { CommandLineOptions, ResolvedOptions } from './options.js';
export { DEFAULTS, resolveOptions, sanitizeStage } from './options.js';
export type { OutputsFile } from './outputs-file.js';
export { buildOutputs, writeOutputsFile } from './outputs-file.js';
export type { ParsedCommand, ParseResult, ProgramOutput } from './program.js';
export { createProgram, parseCommandLine } from './program.js';
export type { HeaderInfo } from './render/format-header.js';
export type { Logger, Reporter, ReporterOptions } from './render/reporter.js';
export { createReporter } from './render/reporter.js';
export type {
  DeployedApi,
  DeployedApp,
  DeployedFunction,
  StackOutputs,
  SynthesizedApp,
  Target,
} from './targets/target.js';
