// The one parser of trace settings as a person types them (command-line options, web query fields):
// policy, hop limit, until, stop categories, dust, tag inheritance and probable links. Every entry point
// (trace, export, share, serve, watch) reads overrides here; src/tracing/trace-case.ts resolveTraceSettings
// then checks the merged settings against the case.

import { invalidInput } from '../src/errors.js';
import { parseCategoryList, parseWholeNumber } from '../src/input-values.js';
import { type CaseFile, POLICIES, type Policy } from '../src/model/case.js';
import type { TraceOptions } from '../src/tracing/trace-case.js';

/** Settings as typed; absent ones keep the case file's. */
export interface TraceOverrideInput {
  policy?: string;
  maxHops?: string;
  until?: string;
  stopAt?: string;
  dust?: string;
  inheritTags?: boolean;
  followProbable?: boolean;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Checks typed overrides and turns them into trace options (INVALID_INPUT naming the option). */
export function parseTraceOverrides(input: TraceOverrideInput): TraceOptions {
  const out: TraceOptions = {};
  if (input.policy !== undefined) {
    if (!(POLICIES as readonly string[]).includes(input.policy)) throw invalidInput(`policy must be one of ${POLICIES.join(', ')}`, { field: '--policy' }, { value: input.policy });
    out.policy = input.policy as Policy;
  }
  if (input.maxHops !== undefined) out.maxHops = parseWholeNumber(input.maxHops, '--max-hops', 1);
  if (input.until !== undefined) {
    if (!ISO_UTC.test(input.until) || Number.isNaN(Date.parse(input.until))) throw invalidInput('must be an ISO-8601 UTC time (2025-03-01T12:00:00Z)', { field: '--until' }, { value: input.until });
    out.until = input.until;
  }
  if (input.stopAt !== undefined) out.stopAt = parseCategoryList(input.stopAt, '--stop-at');
  if (input.dust !== undefined) {
    // Base units of any asset (wei included): a whole number of any size, kept as text.
    if (!/^(0|[1-9]\d*)$/.test(input.dust.trim())) throw invalidInput('must be a whole number of base units', { field: '--dust' }, { value: input.dust });
    out.dust = input.dust.trim();
  }
  if (input.inheritTags !== undefined) out.inheritTags = input.inheritTags;
  if (input.followProbable !== undefined) out.followProbable = input.followProbable;
  return out;
}

/**
 * The case as it will be traced: its own settings with the overrides applied. Evidence packs record this
 * case, so that `verify --retrace` traces exactly what was traced.
 */
export function applyTraceOverrides(kase: CaseFile, overrides: TraceOptions): CaseFile {
  const out: CaseFile = { ...kase };
  if (overrides.policy !== undefined) out.policy = overrides.policy;
  if (overrides.maxHops !== undefined) out.maxHops = overrides.maxHops;
  if (overrides.until !== undefined) out.until = overrides.until;
  if (overrides.stopAt !== undefined) out.stopAt = [...overrides.stopAt];
  if (overrides.inheritTags !== undefined) out.inheritTags = overrides.inheritTags;
  if (overrides.followProbable !== undefined) out.followProbable = overrides.followProbable;
  if (overrides.dust !== undefined) out.dust = typeof overrides.dust === 'bigint' ? overrides.dust.toString() : overrides.dust;
  return out;
}
