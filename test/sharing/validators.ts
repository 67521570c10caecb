// The reference validators for shared documents (OASIS stix2-validator 3.3.2, MISP's PyMISP 2.5.34.4),
// run from the Python venv that test/services/python/prepare.sh builds under $LEDGERHOUND_CACHE/venv
// (.ci/run prepares it; the first use here prepares it too when it is missing: idempotent).

import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/stores.js';

const PREPARE = fileURLToPath(new URL('../services/python/prepare.sh', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./validators.py', import.meta.url));

export interface ValidatorFindings {
  valid: boolean;
  errors: string[];
  warnings: string[];
  attributes?: string[];
  objects?: string[];
  tags?: string[];
}

let python: string | undefined;

/** The venv's python, preparing the venv first if needed. */
export function validatorPython(): string {
  if (python) return python;
  const cache = process.env.LEDGERHOUND_CACHE ?? join(homedir(), '.cache', 'ledgerhound');
  const bin = join(cache, 'venv', 'bin', 'python');
  if (!existsSync(bin)) execFileSync('bash', [PREPARE], { stdio: 'inherit', env: { ...process.env, LEDGERHOUND_CACHE: cache } });
  python = bin;
  return bin;
}

/** Runs a validator on a document (an object, written to a temp file, or a path). */
export function validate(kind: 'stix' | 'misp', document: unknown): ValidatorFindings {
  const file = typeof document === 'string' ? document : join(tempDir('lh-share-'), `${kind}.json`);
  if (typeof document !== 'string') writeFileSync(file, JSON.stringify(document, null, 2));
  const out = execFileSync(validatorPython(), [SCRIPT, kind, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as ValidatorFindings;
}

/** The warning codes (`{103}` -> '103') of a validator run, counted. */
export function warningCodes(findings: ValidatorFindings): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of findings.warnings) {
    const code = /\{(\d+)\}/.exec(w)?.[1] ?? 'other';
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}
