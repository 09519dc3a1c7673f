// A runner alone in its process: started by spawnRunner() with its options
// as JSON in argv[2]; says `ready` on stdout, stops on SIGTERM or when its
// parent goes away (its stdin closes).
import { startRunner } from '@tether/runner';

const options = JSON.parse(process.argv[2]);
const runner = await startRunner(options);
const stop = async () => {
  await runner.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
process.stdout.write('ready\n');
