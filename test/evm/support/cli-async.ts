// Runs the ledgerhound CLI in a child process without blocking this process's event loop, so that a
// test can serve the API (Etherscan, TronGrid replay) the CLI talks to from the same process.

import { type CliOptions, type CliResult, startCli } from '../../support/cli.js';

export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
