// A runner alone in its process, so that its memory can be read: started
// by runner-memory.mjs with its options as JSON in argv[2].
import { startRunner } from '@tether/runner';

const options = JSON.parse(process.argv[2]);
const runner = await startRunner(options);
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await runner.stop();
  process.exit(0);
});
