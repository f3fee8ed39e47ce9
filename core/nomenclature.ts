/**
 * Restricted-circulation EAN-13 codes (GS1 prefixes 02, 04, 20-29): labels printed by price-computing
 * scales with the weight or the price embedded, and the shop's own labels for unbarcoded products.
 * Each shop's scales use their own layout, so the layout is data (a nomenclature), not code.
 */
import type { Symbology } from './barcode';
import { gs1CheckDigit, isValidGtin, normalizeScan, symbologyOf } from './barcode';

export interface NomenclatureRule {
  name: string;
  /** 13 chars: literal digits, then P (product ref), W (grams), V (centimes), N (sequence), C (check digit). */
  pattern: string;
  kind: 'weight' | 'price' | 'internal';
}

export const DEFAULT_NOMENCLATURE: NomenclatureRule[] = [
  { name: 'weight-21', pattern: '21PPPPPWWWWWC', kind: 'weight' },
  { name: 'weight-22', pattern: '22PPPPPWWWWWC', kind: 'weight' },
  { name: 'price-23', pattern: '23PPPPPVVVVVC', kind: 'price' },
  { name: 'price-24', pattern: '24PPPPPVVVVVC', kind: 'price' },
  { name: 'internal-20', pattern: '20NNNNNNNNNNC', kind: 'internal' },
];

export type ParsedBarcode =
  | { type: 'gtin'; code: string; symbology: Symbology }
  | { type: 'weight'; code: string; rule: string; productRef: string; grams: number }
  | { type: 'price'; code: string; rule: string; productRef: string; centimes: number }
  | { type: 'internal'; code: string; rule: string; sequence: number };

export type ParseResult =
  { ok: true; value: ParsedBarcode } | { ok: false; code: 'INVALID_BARCODE'; reason: string };

export class NomenclatureError extends Error {
  constructor(
    readonly code: 'INVALID_NOMENCLATURE' | 'CODE_OUT_OF_RANGE',
    message: string,
  ) {
    super(message);
  }
}

type FieldLetter = 'P' | 'W' | 'V' | 'N';
interface Field {
  start: number;
  length: number;
}
interface CompiledRule {
  rule: NomenclatureRule;
  prefix: string;
  fields: Partial<Record<FieldLetter, Field>>;
}

const PATTERN_LENGTH = 13;
const FIELD_LETTERS: readonly FieldLetter[] = ['P', 'W', 'V', 'N'];
/** The field each kind carries besides the product reference; the other value letters are forbidden. */
const KIND_FIELD: Record<NomenclatureRule['kind'], FieldLetter> = { weight: 'W', price: 'V', internal: 'N' };

/** Problems of one rule on its own, as "CODE: message" strings. */
function ruleProblems(rule: NomenclatureRule): string[] {
  const label = `rule "${rule.name}"`;
  const problems: string[] = [];
  const { pattern } = rule;
  if (typeof rule.name !== 'string' || rule.name.trim() === '') problems.push('NO_NAME: a rule has no name');
  if (!(rule.kind in KIND_FIELD)) {
    problems.push(`BAD_KIND: ${label} has unknown kind "${String(rule.kind)}"`);
    return problems;
  }
  if (pattern.length !== PATTERN_LENGTH) {
    problems.push(`BAD_LENGTH: ${label} pattern "${pattern}" has ${pattern.length} chars, expected 13`);
    return problems;
  }
  if (!/^[0-9PWVNC]+$/.test(pattern)) {
    problems.push(`BAD_CHAR: ${label} pattern "${pattern}" may hold only digits and P, W, V, N, C`);
    return problems;
  }
  if (!pattern.endsWith('C') || pattern.indexOf('C') !== PATTERN_LENGTH - 1) {
    problems.push(`CHECK_DIGIT: ${label} pattern "${pattern}" must end with its only C (check digit)`);
  }
  const prefix = /^\d*/.exec(pattern)?.[0] ?? '';
  if (/\d/.test(pattern.slice(prefix.length))) {
    problems.push(`LITERAL_NOT_PREFIX: ${label} literal digits must all come first in "${pattern}"`);
  }
  // A rule outside the restricted ranges would swallow real manufacturers' GTINs.
  if (!/^(2|0[24])/.test(prefix)) {
    problems.push(
      `NOT_RESTRICTED: ${label} prefix "${prefix}" is not a GS1 restricted-circulation prefix (02, 04, 2x)`,
    );
  }
  for (const letter of FIELD_LETTERS) {
    const first = pattern.indexOf(letter);
    if (first >= 0 && pattern.lastIndexOf(letter) - first + 1 !== countOf(pattern, letter)) {
      problems.push(`SPLIT_FIELD: ${label} field ${letter} must be one contiguous run in "${pattern}"`);
    }
  }
  if (pattern.includes('W') && pattern.includes('V')) {
    problems.push(`WEIGHT_AND_PRICE: ${label} embeds both a weight (W) and a price (V)`);
  }
  const own = KIND_FIELD[rule.kind];
  if (!pattern.includes(own))
    problems.push(`MISSING_FIELD: ${label} of kind ${rule.kind} needs a ${own} field`);
  for (const letter of ['W', 'V', 'N'] as const) {
    const reported = letter !== 'N' && pattern.includes('W') && pattern.includes('V'); // as WEIGHT_AND_PRICE
    if (letter !== own && !reported && pattern.includes(letter)) {
      problems.push(`WRONG_FIELD: ${label} of kind ${rule.kind} must not have a ${letter} field`);
    }
  }
  if (rule.kind === 'internal' && pattern.includes('P')) {
    problems.push(`WRONG_FIELD: ${label} of kind internal must not have a P field`);
  }
  if (rule.kind !== 'internal' && !pattern.includes('P')) {
    problems.push(`MISSING_FIELD: ${label} of kind ${rule.kind} needs a P (product reference) field`);
  }
  return problems;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

function prefixOf(pattern: string): string {
  return /^\d*/.exec(pattern)?.[0] ?? '';
}

/** Returns problems as "CODE: message" strings; an empty list means the rules are usable. */
export function validateNomenclature(rules: readonly NomenclatureRule[]): string[] {
  const problems = rules.flatMap(ruleProblems);
  const names = new Set<string>();
  rules.forEach((rule, i) => {
    if (names.has(rule.name)) problems.push(`DUPLICATE_NAME: rule name "${rule.name}" is used twice`);
    names.add(rule.name);
    const prefix = prefixOf(rule.pattern);
    // First match wins, so an earlier rule whose prefix starts this one's makes it unreachable.
    const shadow = rules.slice(0, i).find((earlier) => prefix.startsWith(prefixOf(earlier.pattern)));
    if (shadow) {
      const same = prefixOf(shadow.pattern) === prefix;
      problems.push(
        same
          ? `DUPLICATE_PREFIX: rules "${shadow.name}" and "${rule.name}" share prefix "${prefix}"`
          : `SHADOWED: rule "${rule.name}" (prefix "${prefix}") is never reached after "${shadow.name}"`,
      );
    }
  });
  return problems;
}

function compile(rule: NomenclatureRule): CompiledRule | null {
  if (ruleProblems(rule).length > 0) return null;
  const fields: CompiledRule['fields'] = {};
  for (const letter of FIELD_LETTERS) {
    const start = rule.pattern.indexOf(letter);
    if (start >= 0) fields[letter] = { start, length: countOf(rule.pattern, letter) };
  }
  return { rule, prefix: prefixOf(rule.pattern), fields };
}

function slice(code: string, field: Field | undefined): string {
  return field ? code.slice(field.start, field.start + field.length) : '';
}

function matchRule(code: string, compiled: CompiledRule): ParsedBarcode | null {
  if (!code.startsWith(compiled.prefix)) return null;
  const { rule, fields } = compiled;
  switch (rule.kind) {
    case 'weight':
      return {
        type: 'weight',
        code,
        rule: rule.name,
        productRef: slice(code, fields.P),
        grams: Number(slice(code, fields.W)),
      };
    case 'price':
      return {
        type: 'price',
        code,
        rule: rule.name,
        productRef: slice(code, fields.P),
        centimes: Number(slice(code, fields.V)),
      };
    case 'internal':
      return { type: 'internal', code, rule: rule.name, sequence: Number(slice(code, fields.N)) };
  }
}

/**
 * Invalid rules are skipped rather than thrown on, so one bad row in the settings cannot stop the till;
 * `validateNomenclature` is where they are reported when the settings are saved.
 */
export function parseBarcode(
  raw: string,
  rules: readonly NomenclatureRule[] = DEFAULT_NOMENCLATURE,
): ParseResult {
  const code = normalizeScan(raw);
  if (code === '') return invalid('empty scan');
  if (!/^\d+$/.test(code)) return invalid(`"${code}" is not numeric`);
  if (code.length !== 8 && code.length !== 13) {
    return invalid(`"${code}" has ${code.length} digits; expected 8 (EAN-8), 12 (UPC-A) or 13 (EAN-13)`);
  }
  if (!isValidGtin(code)) {
    const expected = gs1CheckDigit(code.slice(0, -1));
    return invalid(`"${code}" has a wrong check digit (expected ${expected})`);
  }
  if (code.length === PATTERN_LENGTH) {
    for (const rule of rules) {
      const compiled = compile(rule);
      const parsed = compiled && matchRule(code, compiled);
      if (parsed) return { ok: true, value: parsed };
    }
  }
  const symbology = symbologyOf(code);
  if (!symbology) return invalid(`"${code}" is not a GTIN`);
  return { ok: true, value: { type: 'gtin', code, symbology } };
}

function invalid(reason: string): ParseResult {
  return { ok: false, code: 'INVALID_BARCODE', reason };
}

/** Fills a compiled pattern: literal digits kept, each given field left-padded with zeros, check digit appended. */
function fill(compiled: CompiledRule, values: Partial<Record<FieldLetter, string>>): string {
  let body = '';
  const pattern = compiled.rule.pattern.slice(0, -1);
  for (let i = 0; i < pattern.length;) {
    const ch = pattern.charAt(i);
    const letter = FIELD_LETTERS.find((l) => l === ch);
    const field = letter && compiled.fields[letter];
    if (!letter || !field) {
      body += ch;
      i++;
      continue;
    }
    body += (values[letter] ?? '').padStart(field.length, '0');
    i += field.length;
  }
  return body + String(gs1CheckDigit(body));
}

function compileOrThrow(rule: NomenclatureRule): CompiledRule {
  const compiled = compile(rule);
  if (!compiled) {
    throw new NomenclatureError(
      'INVALID_NOMENCLATURE',
      `rule "${rule.name}": ${ruleProblems(rule).join('; ')}`,
    );
  }
  return compiled;
}

function digitsFitting(value: number, field: Field, what: string): string {
  const max = 10 ** field.length - 1;
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new NomenclatureError(
      'CODE_OUT_OF_RANGE',
      `${what} must be an integer from 0 to ${max}, got ${value}`,
    );
  }
  return String(value);
}

export function makeInternalCode(
  sequence: number,
  rules: readonly NomenclatureRule[] = DEFAULT_NOMENCLATURE,
): string {
  const rule = rules.find((r) => r.kind === 'internal');
  if (!rule) throw new NomenclatureError('INVALID_NOMENCLATURE', 'no internal rule in the nomenclature');
  const compiled = compileOrThrow(rule);
  const n = compiled.fields.N as Field;
  return fill(compiled, { N: digitsFitting(sequence, n, `sequence for rule "${rule.name}"`) });
}

export function makeEmbeddedCode(
  rule: NomenclatureRule,
  productRef: string,
  valueGramsOrCentimes: number,
): string {
  if (rule.kind === 'internal') {
    throw new NomenclatureError(
      'INVALID_NOMENCLATURE',
      `rule "${rule.name}" is internal; use makeInternalCode`,
    );
  }
  const compiled = compileOrThrow(rule);
  const p = compiled.fields.P as Field;
  if (!/^\d+$/.test(productRef) || productRef.length > p.length) {
    throw new NomenclatureError(
      'CODE_OUT_OF_RANGE',
      `product reference must be 1 to ${p.length} digits for rule "${rule.name}", got "${productRef}"`,
    );
  }
  const letter = KIND_FIELD[rule.kind];
  const field = compiled.fields[letter] as Field;
  const what = rule.kind === 'weight' ? 'weight in grams' : 'price in centimes';
  return fill(compiled, { P: productRef, [letter]: digitsFitting(valueGramsOrCentimes, field, what) });
}

/**
 * A manufacturer's own GS1 number (EAN-13, UPC-A, EAN-8) as opposed to a restricted-circulation code
 * (EAN-13 02, 04, 2x; EAN-8 0 and 2) that the shop or its scales print themselves. A product carrying
 * one already has its barcode on the pack, so it needs no shop label unless the manager asks for one.
 */
export function isOwnGtin(code: string): boolean {
  if (!isValidGtin(code)) return false;
  if (code.length === 8) return !/^[02]/.test(code);
  const ean13 = code.padStart(13, '0');
  return !/^(2|0[24])/.test(ean13);
}
