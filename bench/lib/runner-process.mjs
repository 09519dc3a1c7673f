// A runner alone in its process: started by spawnRunner() with its options
// as JSON in argv[2]; says `ready` on stdout, stops on SIGTERM.
import { startRunner } from '@tether/runner';

const options = JSON.parse(process.argv[2]);
const runner = await startRunner(options);
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await runner.stop();
  process.exit(0);
});
