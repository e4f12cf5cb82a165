#!/usr/bin/env node
import { main } from './cli.js';

// A reader that goes away (`ldn-twin ... | head`) ends the run quietly; the answer's writer stops
// at the same error, so nothing more is written.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await main(process.argv.slice(2), process);
