// Writes a seizure evidence pack to a directory (the thin file layer over src/evidence): report.html,
// report.pdf, freeze-requests/, flows.csv, transactions.csv, trace.json, graph.graphml, graph.gexf, the
// case file with its data sources under case/ (and a store snapshot under store/ when the store holds
// data the case's sources do not, plus the cluster links and assignments when the trace inherited tags
// through clusters), manifest.json with SHA-256 of every file, and an optional Ed25519 signature.
// `audience` (pack-audience.ts) chooses what goes in: court (everything, plus a statement per victim
// under victims/), exchange (no personal data: the data as a filtered store snapshot and the case file
// without comments, no statements), victim (that victim's statement only). The pack is built in a
// temporary sibling directory and renamed into place, so a failure leaves nothing half-written. Also
// lists and hashes a pack's files for `verify`.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { LoadedCase } from '../adapters/files/case-file.js';
import { clusteringFiles } from '../adapters/files/evidence-pack-clustering.js';
import { sha256File } from '../adapters/files/import-files.js';
import { loadReportFonts } from '../adapters/files/report-fonts.js';
import { LedgerhoundError } from '../src/errors.js';
import { canonicalJson } from '../src/evidence/canonical-json.js';
import { hashStoreContents, type StoreContentHash } from '../src/evidence/content-hash.js';
import { buildFlowGraph } from '../src/evidence/flow-graph.js';
import { buildFreezeRequests, renderFreezeCsv, renderFreezeMarkdown } from '../src/evidence/freeze-requests.js';
import { renderGexf } from '../src/evidence/gexf.js';
import { renderGraphml } from '../src/evidence/graphml.js';
import {
  isSafePackPath,
  MANIFEST_FILE,
  type Manifest,
  type ManifestFile,
  PUBLIC_KEY_FILE,
  redactArgv,
  SIGNATURE_FILE,
  sealManifest,
  serializeManifest,
  sha256Hex,
  signManifest,
  type TraceParameters,
} from '../src/evidence/manifest.js';
import type { AudienceChoice } from '../src/evidence/pack-audience.js';
import { packMarking } from '../src/evidence/pack-marking.js';
import { isNotPersonalTag, isPersonalTag, withoutPersonal } from '../src/evidence/personal-data.js';
import { renderReportHtml } from '../src/evidence/report-html.js';
import { buildReportModel, type ReportLimits } from '../src/evidence/report-model.js';
import { renderFlowsCsv, renderTransactionsCsv } from '../src/evidence/tables-csv.js';
import { addressesOfTrace } from '../src/evidence/trace-addresses.js';
import type { PackListing } from '../src/evidence/verify-pack.js';
import { groupVictimStatements, type VictimPerson, type VictimStatementSet, victimStatementDocument } from '../src/evidence/victim-statement.js';
import { renderStatementHtml } from '../src/evidence/victim-statement-html.js';
import type { CaseFile } from '../src/model/case.js';
import { conversionToJson } from '../src/model/conversion.js';
import { type Tag, type Tlp, tagToJson } from '../src/model/tag.js';
import type { TraceRun } from '../src/model/trace-result.js';
import { transferToJson } from '../src/model/transfer.js';
import { utxoTransactionToJson } from '../src/model/utxo.js';
import type { GraphStore } from '../src/ports.js';
import type { PriceTable } from '../src/pricing/price-table.js';
import { distributeSeizures, type Seizure } from '../src/restitution/distribution.js';
import { type ExchangeReturn, returnsAsSeizures } from '../src/restitution/exchange-returns.js';
import { fiatLossesOf } from '../src/restitution/fiat-losses.js';
import type { IntakeRow } from '../src/restitution/intake-match.js';
import { buildVictimStatements } from '../src/restitution/victim-statements.js';
import { writeChunks } from './hashed-file.js';
import { notesFileOf, notesOfTrace } from './pack-notes.js';
import { PackThread, storeFileOf } from './pack-thread.js';
import { readTouchedRecords, touchedRefsOf } from './touched-records.js';

export interface WriteEvidencePackOptions {
  store: GraphStore;
  loaded: LoadedCase;
  /** The case as traced (case file values after command-line overrides). */
  kase: CaseFile;
  run: TraceRun;
  outDir: string;
  tool: { name: string; version: string };
  /** The command line as typed (credentials are stripped before it is recorded). */
  argv: string[];
  /** PEM Ed25519 private key: sign the manifest. */
  signingKeyPem?: string;
  /** Progress of the long stages (stderr display is the caller's). */
  onProgress?: (stage: string, done: number, total?: number) => void;
  /** Creation time (default: now); recorded in the manifest only. */
  now?: Date;
  limits?: ReportLimits;
  /** `export --tlp`: the pack's marking, refused when less strict than the tags the trace used. */
  tlp?: Tlp;
  /** Who the pack is for (default court). */
  audience?: AudienceChoice;
  /** What the victims' statements draw on besides the trace: complaints, seizures, prices. */
  statements?: PackStatementInputs;
  /** The export's second core (pack-thread.ts), when the caller started it; else the pack starts and ends its own. */
  thread?: PackThread;
  /** The store's content hash, when the caller began it (exportCase hashes the store while it traces). */
  contentHash?: Promise<StoreContentHash>;
}

export interface PackStatementInputs {
  /** intake.csv rows: group payments by victim, with names and contacts (court and victim packs only). */
  intake?: IntakeRow[];
  /** Recorded seizures: each victim's share under both bases. */
  seizures?: Seizure[];
  prices?: PriceTable;
  currency?: string;
  /** Exchange returns (distribute --returns): shared out like seizures; the account holder shown in court packs only. */
  returns?: ExchangeReturn[];
}

export interface WrittenPack {
  dir: string;
  manifest: Manifest;
  signed: boolean;
}

/** The trace parameters recorded in the manifest, from the case as traced. */
export function traceParametersOf(kase: CaseFile): TraceParameters {
  const p: TraceParameters = { policy: kase.policy, maxHops: kase.maxHops, stopAt: [...kase.stopAt], inheritTags: kase.inheritTags };
  if (kase.until !== undefined) p.until = kase.until;
  if (kase.dust !== undefined) p.dust = kase.dust;
  return p;
}

/** The latest event time in the trace: the pack's fixed "data as of" time (no wall clock in report files). */
export function dataAsOfTime(run: TraceRun): string {
  let latest = '';
  for (const f of run.flows) if (f.time && f.time > latest) latest = f.time;
  for (const s of run.result.sources) if (s.time && s.time > latest) latest = s.time;
  for (const e of run.result.endpoints) for (const t of e.transfers) if (t.time && t.time > latest) latest = t.time;
  return latest ? new Date(latest).toISOString().replace('.000Z', 'Z') : '1970-01-01T00:00:00Z';
}

/** The tags with a TLP marking on the addresses the trace used. */
export async function markedTagsOfTrace(store: GraphStore, run: TraceRun): Promise<Tag[]> {
  const used = addressesOfTrace(run);
  const marked: Tag[] = [];
  for await (const t of store.tags()) if (t.tlp !== undefined && used.has(`${t.chain}/${t.address}`)) marked.push(t);
  return marked;
}

/** Copies of the case file and its sources: pack path -> bytes; the case file's pack path. */
async function caseFiles(loaded: LoadedCase): Promise<{ files: Map<string, Buffer>; casePath: string; sources: string[] }> {
  const files = new Map<string, Buffer>();
  const rel = loaded.kase.sources.map((s) => posix.normalize(s.split(sep).join('/')));
  const inside = rel.every((s) => isSafePackPath(s) && s !== basename(loaded.path));
  let sources: string[];
  let casePath = `case/${basename(loaded.path)}`;
  if (inside) {
    sources = rel;
    files.set(casePath, loaded.bytes);
  } else {
    // Sources outside the case directory: copy them flat and write a case file that points at the copies.
    sources = rel.map((s, i) => `sources/${String(i + 1).padStart(2, '0')}-${posix.basename(s)}`);
    files.set(`case/original/${basename(loaded.path)}`, loaded.bytes);
    const doc = parseYaml(loaded.bytes.toString('utf8')) as Record<string, unknown>;
    casePath = 'case/case.json';
    files.set(casePath, Buffer.from(`${JSON.stringify({ ...doc, sources }, null, 2)}\n`));
  }
  for (let i = 0; i < sources.length; i++) files.set(`case/${sources[i]}`, await readFile(loaded.sourcePaths[i]));
  return { files, casePath, sources };
}

/** A snapshot of the store's records as interchange JSON Lines, when the case's own sources are not all of it. */
async function storeSnapshot(store: GraphStore, caseSha: Set<string>, options: { always?: boolean; keepTag?: (t: Tag) => boolean } = {}): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const sources = await store.listSources();
  let needed = options.always === true || sources.some((s) => !caseSha.has(s.sha256));
  const tags: string[] = [];
  for await (const t of store.tags()) {
    if (options.keepTag && !options.keepTag(t)) continue;
    if (t.inferredFrom) needed = true;
    tags.push(JSON.stringify(tagToJson(t)));
  }
  if (!needed) return out;
  const transfers: string[] = [];
  for await (const t of store.transfers()) transfers.push(JSON.stringify(transferToJson(t)));
  const transactions: string[] = [];
  for await (const tx of store.transactions()) transactions.push(JSON.stringify(utxoTransactionToJson(tx)));
  if (transfers.length > 0) out.set('store/transfers.jsonl', Buffer.from(`${transfers.join('\n')}\n`));
  if (transactions.length > 0) out.set('store/transactions.jsonl', Buffer.from(`${transactions.join('\n')}\n`));
  if (tags.length > 0) out.set('store/tags.jsonl', Buffer.from(`${tags.join('\n')}\n`));
  // Conversions the tracer followed (TRACING.md v2) are data the trace used: a pack re-traces alone.
  const conversions: string[] = [];
  for await (const c of store.conversions()) conversions.push(JSON.stringify(conversionToJson(c)));
  if (conversions.length > 0) out.set('store/conversions.jsonl', Buffer.from(`${conversions.join('\n')}\n`));
  return out;
}

async function prepareOutDir(outDir: string): Promise<void> {
  try {
    const st = await lstat(outDir);
    if (!st.isDirectory()) throw new LedgerhoundError('INVALID_INPUT', `${outDir} exists and is not a directory`, { field: '--out', path: outDir });
    if ((await readdir(outDir)).length > 0) {
      throw new LedgerhoundError('INVALID_INPUT', `${outDir} is not empty: an evidence pack is written to a new or empty directory`, { field: '--out', path: outDir });
    }
    await rmdir(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** The hidden sibling directory a pack is built in before it is renamed to `outDir`. */
export function partialPackDir(outDir: string): string {
  const out = resolve(outDir);
  return join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
}

/** The exchange pack's case file: the parsed case (comments dropped, `personal` fields removed), no sources of its own. */
function exchangeCaseFile(loaded: LoadedCase): Buffer {
  const doc = parseYaml(loaded.bytes.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(`${JSON.stringify(withoutPersonal({ ...doc, sources: [] }), null, 2)}\n`);
}

/** The tags an exchange pack leaves out; refused when one of them names a cash-out point or holding of the trace. */
async function personalTagsOf(store: GraphStore, run: TraceRun): Promise<Tag[]> {
  const personal: Tag[] = [];
  for await (const t of store.tags()) if (isPersonalTag(t)) personal.push(t);
  for (const row of [...run.result.endpoints, ...run.result.holdings]) {
    const label = (row as { label?: string }).label;
    const hit = personal.find((t) => t.chain === row.chain && t.address === row.address && t.label === label);
    if (hit) {
      throw new LedgerhoundError('INVALID_INPUT', `the trace names ${row.chain} ${row.address} by a personal tag ("${hit.label}", ${hit.source}): an exchange pack cannot carry it; re-tag the address or write a court pack`, {
        field: '--audience',
        value: 'exchange',
      });
    }
  }
  return personal;
}

/** The victims' statements of the trace, grouped by victim person (src/evidence/victim-statement.ts). */
export function packVictimStatements(kase: CaseFile, run: TraceRun, inputs: PackStatementInputs = {}): VictimStatementSet {
  const statements = buildVictimStatements(run.result, run.flows, { prices: inputs.prices, currency: inputs.currency });
  const fiat = inputs.prices ? fiatLossesOf(run.result, inputs.prices, inputs.currency ?? 'USD') : undefined;
  const seizures = [...(inputs.seizures ?? []), ...returnsAsSeizures(inputs.returns ?? [])];
  const distribution = seizures.length > 0 ? distributeSeizures(run.result, seizures, { fiat }) : undefined;
  return groupVictimStatements({ statements, payments: kase.victimPayments, intake: inputs.intake, distribution, returns: inputs.returns });
}

/** Builds every file of the pack, writes it and its manifest atomically, and returns the manifest. */
export async function writeEvidencePack(options: WriteEvidencePackOptions): Promise<WrittenPack> {
  if (options.thread) return writePack(options, options.thread);
  const thread = new PackThread();
  try {
    return await writePack(options, thread);
  } finally {
    await thread.close();
  }
}

/** The store's content hash as a pack records it: an exchange pack's without the personal tags it leaves out. */
export function packContentHash(store: GraphStore, audience: AudienceChoice['audience'], thread: PackThread): Promise<StoreContentHash> {
  const exchange = audience === 'exchange';
  const file = storeFileOf(store);
  if (file !== undefined) return thread.hash(file, exchange);
  return hashStoreContents(store, exchange ? { keepTag: isNotPersonalTag } : {});
}

async function writePack(options: WriteEvidencePackOptions, thread: PackThread): Promise<WrittenPack> {
  const { store, loaded, kase, run } = options;
  const outDir = resolve(options.outDir);
  const audience: AudienceChoice = options.audience ?? { audience: 'court' };
  // Checked before anything is written: a --tlp less strict than the data's marking is refused.
  const tlp = packMarking(await markedTagsOfTrace(store, run), options.tlp);
  const statements = audience.audience === 'exchange' ? undefined : packVictimStatements(kase, run, options.statements);
  const only = audience.audience === 'victim' ? statements?.victims.find((v) => v.id === audience.victim) : undefined;
  if (audience.audience === 'victim' && only === undefined) {
    throw new LedgerhoundError('NOT_FOUND', `no victim "${audience.victim}" in the case: victims are ${statements?.victims.map((v) => v.id).join(', ')}`, { field: '--victim', value: audience.victim });
  }
  const personal = audience.audience === 'exchange' ? await personalTagsOf(store, run) : [];
  const keepTag = personal.length === 0 ? undefined : isNotPersonalTag;
  await prepareOutDir(outDir);
  const progress = options.onProgress;

  const contentHash = await (options.contentHash ?? packContentHash(store, audience.audience, thread));
  const sources = await store.listSources();
  const coverage = (await store.stats()).chains;
  const dataAsOf = dataAsOfTime(run);
  const graph = buildFlowGraph(run);
  const copies: { files: Map<string, Buffer>; casePath: string; sources: string[] } =
    audience.audience === 'exchange' ? { files: new Map([['case/case.json', exchangeCaseFile(loaded)]]), casePath: 'case/case.json', sources: [] } : await caseFiles(loaded);
  const caseSha = new Set(await Promise.all(loaded.sourcePaths.map((p) => sha256File(p))));

  // Each file goes to the temporary directory as soon as it is rendered (hashed on the way), so big
  // cases never hold the whole pack in memory.
  const tmp = partialPackDir(outDir);
  await rm(tmp, { recursive: true, force: true });
  const listed: ManifestFile[] = [];
  const put = async (path: string, content: string | Buffer | Iterable<string>) => {
    const target = join(tmp, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      await writeFile(target, bytes);
      listed.push({ path, sha256: sha256Hex(bytes), bytes: bytes.length });
    } else {
      listed.push({ path, ...(await writeChunks(target, content)) });
    }
    progress?.('files', listed.length);
  };
  /** A file another thread writes into the partial pack: listed when it is done. */
  const putWritten = async (path: string, written: Promise<{ sha256: string; bytes: number }>) => {
    listed.push({ path, ...(await written) });
    progress?.('files', listed.length);
  };
  const creator = `${options.tool.name} ${options.tool.version}`;
  const fonts = loadReportFonts();
  // The PDFs are drawn on the pack thread while this one writes the other files.
  const stamp = { date: new Date(dataAsOf).getTime(), creator };
  const drawStatements = (people: VictimPerson[]) =>
    people.map((person) => {
      const doc = victimStatementDocument(person, statements!, { dataAsOf, marking: tlp });
      return { person, doc, pdf: thread.statement(`victims/${person.file}.pdf`, doc, stamp) };
    });
  const putStatements = async (drawn: ReturnType<typeof drawStatements>) => {
    for (const { person, doc, pdf } of drawn) {
      await put(`victims/${person.file}.html`, renderStatementHtml(doc));
      await put(`victims/${person.file}.pdf`, await pdf);
    }
  };
  let manifest: Manifest;
  try {
    await mkdir(tmp, { recursive: true });
    // transactions.csv reads the store again: from the store's file on the pack thread, begun now.
    const storeFile = storeFileOf(store);
    const transactionsCsv =
      audience.audience !== 'victim' && storeFile !== undefined
        ? thread.transactions(storeFile, touchedRefsOf(run.flows), join(tmp, 'transactions.csv'), (done, total) => progress?.('records', done, total))
        : undefined;
    if (audience.audience === 'victim') {
      // The victim's own name stays; anyone else's personal data (an account holder's KYC name) does not.
      await putStatements(drawStatements([{ ...only!, seizures: withoutPersonal(only!.seizures) }]));
    } else {
      for (const [path, bytes] of copies.files) await put(path, bytes);
      const snapshot = await storeSnapshot(store, caseSha, audience.audience === 'exchange' ? { always: true, keepTag } : {});
      for (const [path, bytes] of snapshot) await put(path, bytes);
      // A trace that inherited tags read the clustering: the pack carries it so that it re-traces alone.
      if (kase.inheritTags) for (const [path, bytes] of await clusteringFiles(store)) await put(path, bytes);
      await put('trace.json', `${JSON.stringify(run.result, null, 2)}\n`);
      // Analysts' notes on the trace's addresses (app/pack-notes.ts): court packs only (free text, may name people).
      const notes = audience.audience === 'court' ? await notesOfTrace(store, run) : [];
      const model = buildReportModel({
        run,
        graph,
        caseFile: kase,
        casePath: copies.casePath,
        sources,
        tool: options.tool,
        store: { kind: store.kind, contentHash: contentHash.sha256, transfers: contentHash.transfers, transactions: contentHash.transactions, tags: contentHash.tags },
        coverage,
        dataAsOf,
        limits: options.limits,
        marking: tlp,
        notes,
      });
      const reportPdf = thread.report(model, stamp);
      const drawn = statements ? drawStatements(statements.victims) : [];
      for (const [path, bytes] of notesFileOf(notes)) await put(path, bytes);
      await put('flows.csv', renderFlowsCsv(run.flows));
      if (transactionsCsv) await putWritten('transactions.csv', transactionsCsv);
      else await put('transactions.csv', renderTransactionsCsv(await readTouchedRecords(store, touchedRefsOf(run.flows), (done, total) => progress?.('records', done, total))));
      await put('graph.graphml', renderGraphml(run, graph));
      await put('graph.gexf', renderGexf(run, graph, { date: dataAsOf.slice(0, 10), creator }));
      for (const request of buildFreezeRequests(run)) {
        await put(`freeze-requests/${request.slug}.csv`, renderFreezeCsv(request));
        await put(`freeze-requests/${request.slug}.md`, renderFreezeMarkdown(request, { caseName: run.result.case, policy: run.result.policy, dataAsOf }));
      }
      await put('report.html', renderReportHtml(model));
      await put('report.pdf', await reportPdf);
      await putStatements(drawn);
    }

    manifest = sealManifest({
      format: 'ledgerhound-evidence-pack',
      version: 1,
      tool: { name: options.tool.name, version: options.tool.version },
      command: { argv: redactArgv(options.argv), parameters: traceParametersOf(kase) },
      case: {
        name: kase.name,
        file: audience.audience === 'victim' ? '' : copies.casePath,
        sources: audience.audience === 'victim' ? [] : copies.sources,
        originalPath: audience.audience === 'court' ? loaded.path : basename(loaded.path),
      },
      store: { kind: store.kind, location: redactArgv([store.location])[0], contentHash: contentHash.sha256, transfers: contentHash.transfers, transactions: contentHash.transactions, tags: contentHash.tags, chains: coverage },
      sources,
      fonts: [...fonts.packages],
      ...(tlp !== undefined ? { tlp } : {}),
      audience: audience.audience,
      ...(audience.victim !== undefined ? { victim: audience.victim } : {}),
      ...(audience.audience === 'exchange' ? { personalDataWithheld: { tags: personal.length } } : {}),
      dataAsOf,
      createdAt: (options.now ?? new Date()).toISOString(),
      files: listed,
    });
    const manifestText = serializeManifest(manifest);
    await writeFile(join(tmp, MANIFEST_FILE), manifestText);
    if (options.signingKeyPem !== undefined) {
      const { signature, publicKeyPem } = signManifest(manifestText, options.signingKeyPem);
      await writeFile(join(tmp, SIGNATURE_FILE), `${signature}\n`);
      await writeFile(join(tmp, PUBLIC_KEY_FILE), publicKeyPem);
    }
    await prepareOutDir(outDir);
    await rename(tmp, outDir);
  } catch (e) {
    // The pack thread may be writing into the partial pack: it is stopped before the pack is removed.
    await thread.close();
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir: outDir, manifest, signed: options.signingKeyPem !== undefined };
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Lists and hashes every file of a pack directory (for verify). Symbolic links count as changed files. */
export async function readPackListing(dir: string): Promise<PackListing> {
  const root = resolve(dir);
  try {
    if (!(await lstat(root)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${dir}: no such evidence pack directory`, { path: dir });
  }
  const files = new Map<string, { sha256: string; bytes: number }>();
  const walk = async (current: string) => {
    for (const entry of (await readdir(current, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(current, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.set(rel, { sha256: await sha256OfFile(full), bytes: (await lstat(full)).size });
      else files.set(rel, { sha256: `not-a-regular-file:${entry.isSymbolicLink() ? 'symlink' : 'other'}`, bytes: 0 });
    }
  };
  await walk(root);
  const text = async (name: string) => (files.has(name) ? (await readFile(join(root, name))).toString('utf8') : undefined);
  return { files, manifestText: await text(MANIFEST_FILE), signatureText: await text(SIGNATURE_FILE), publicKeyText: await text(PUBLIC_KEY_FILE) };
}

/** Canonical JSON of a trace result, for comparing a re-trace with trace.json. */
export function canonicalTrace(value: unknown): string {
  return canonicalJson(value);
}
