// `watch` usage errors through the CLI: no chain source, a bad --every, an unknown sink, and a webhook
// without LEDGERHOUND_WEBHOOK_SECRET are INVALID_INPUT (exit 2) naming the option, before any store is created.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const CASE = join(REPO_ROOT, 'samples', 'pig-butchering', 'case.yaml');

describe('watch usage errors', () => {
  it.each([
    [[], '--bitcoin-rpc'],
    [['--bitcoin-rpc', 'http://127.0.0.1:9/', '--every', 'soon'], '--every'],
    [['--bitcoin-rpc', 'http://127.0.0.1:9/', '--sink', 'ftp:x'], '--sink'],
    [['--bitcoin-rpc', 'http://127.0.0.1:9/', '--sink', 'webhook:http://127.0.0.1:9/'], 'LEDGERHOUND_WEBHOOK_SECRET'],
  ])('%j -> exit 2 naming %s', (args, field) => {
    const store = join(tempDir(), 'case.db');
    const res = runCli(['watch', CASE, '--store', store, '--once', '--json', ...args], { env: { LEDGERHOUND_WEBHOOK_SECRET: undefined } });
    expect(res.code).toBe(2);
    const err = JSON.parse(res.stderr.trim().split('\n').at(-1) as string).error;
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details.field).toBe(field);
    expect(res.stdout).toBe('');
    expect(existsSync(store)).toBe(false);
  }, 120_000);
});
