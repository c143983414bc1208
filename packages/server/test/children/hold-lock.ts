import { acquireLock } from '../../src/db/lock.js';

/** Takes the lock of the directory given as argument, says so, and waits to be killed. */
await acquireLock(process.argv[2]);
process.stdout.write('locked\n');
setInterval(() => {}, 1 << 30);
