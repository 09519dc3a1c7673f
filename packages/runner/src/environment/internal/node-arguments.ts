/**
 * The Node.js flags of an environment: the heap sized from the memory as
 * Lambda's Node.js bootstrap does it (new space = memory / 64, old space
 * = memory - new space, semi space = new space / 2), source maps on, and
 * the inspector when asked.
 */
export function nodeArguments(
  memorySize: number,
  inspect: false | { host: string; port: number },
): string[] {
  const newSpace = Math.floor(memorySize / 64);
  const args = [
    `--max-old-space-size=${memorySize - newSpace}`,
    `--max-semi-space-size=${Math.max(1, Math.floor(newSpace / 2))}`,
    '--enable-source-maps',
  ];
  if (inspect) args.push(`--inspect=${inspect.host}:${inspect.port}`);
  return args;
}
