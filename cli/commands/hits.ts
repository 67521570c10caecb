// `ledgerhound hits <case> --against STORE|case.yaml|bundle.json|event.json|PACKDIR ...`: the addresses
// this case has in common with other cases, feeds and packs, each with its role (victim payment,
// layering, cash-out, holding; `tagged`/`seen` where the other side has no trace), amounts, dates and
// TLP marking on either side (app/hits.ts, docs/sharing.md).

import type { Command } from 'commander';
import { keyringDirOf } from '../../app/keyring.js';
import { findHits, type HitsResult } from '../../app/hits.js';
import { invalidInput } from '../../src/errors.js';
import { formatAmount } from '../../src/model/amount-text.js';
import type { HitSide } from '../../src/sharing/cross-case-hits.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface HitsCommandOptions extends CommonOptions {
  against: string[];
  keyring?: string;
  import: boolean;
  quiet?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('hits')
      .description('addresses this case has in common with other stores, cases, STIX bundles, MISP events and evidence packs')
      .argument('<case>', 'case file (case.yaml or case.json)')
      .option('--against <location>', 'a store (SQLite path or neo4j:// URL), a case file, a STIX bundle or MISP event (.json), or an evidence pack directory; repeatable', collect, [])
      .option('--keyring <dir>', 'names pack signers from this keyring (default: LEDGERHOUND_KEYRING, else ~/.config/ledgerhound/keyring)')
      .option('--no-import', "do not import the case's sources first (use the store as it is)")
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseFile: string, opts: HitsCommandOptions) => {
      if (opts.against.length === 0) throw invalidInput('give at least one --against (store, case file, bundle, event or pack)', { field: '--against' });
      const quiet = opts.quiet === true || opts.json === true;
      const result = await withStore({ ...opts, caseFile }, async (store) => {
        const bars = { import: createProgress({ label: 'import', quiet }), trace: createProgress({ label: 'trace', unit: 'events', quiet }) };
        try {
          return await findHits(store, caseFile, { against: opts.against, importSources: opts.import, keyringDir: keyringDirOf(opts.keyring), onProgress: (stage, n) => bars[stage].set(n) });
        } finally {
          bars.import.done();
          bars.trace.done();
        }
      });
      if (opts.json) printJson(result);
      else printHits(result);
    }),
  );
}

function describeSide(chain: string, s: HitSide): string {
  const amounts = s.amounts.map((a) => formatAmount(chain, a.asset, a.amount)).join(', ');
  const dates = s.firstSeen ? (s.lastSeen && s.lastSeen !== s.firstSeen ? `${s.firstSeen.slice(0, 10)}..${s.lastSeen.slice(0, 10)}` : s.firstSeen.slice(0, 10)) : '';
  return [s.roles.join('+'), amounts, dates, s.labels.length ? `"${s.labels.join('", "')}"` : '', s.tlp ? `TLP:${s.tlp.toUpperCase()}` : ''].filter((p) => p).join('; ');
}

function printHits(r: HitsResult): void {
  console.log(`${r.case}: ${r.addresses} addresses with a role in the trace`);
  for (const a of r.against) {
    const signer = a.signer ? `, signed by ${a.signer.name ?? a.signer.fingerprint}` : '';
    console.log(`  against ${a.against} (${a.kind}${a.name ? ` ${a.name}` : ''}${signer}): ${a.addresses} addresses (${a.roles})`);
  }
  console.log(`${r.hits.length} hit${r.hits.length === 1 ? '' : 's'}`);
  for (const h of r.hits) {
    console.log(`${h.chain} ${h.address}`);
    console.log(`  this case: ${describeSide(h.chain, h.ours)}`);
    for (const t of h.theirs) console.log(`  ${t.against}: ${describeSide(h.chain, t)}`);
  }
}
