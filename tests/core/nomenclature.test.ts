import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, isValidGtin } from '../../core/barcode';
import type { NomenclatureRule, ParseResult } from '../../core/nomenclature';
import {
  DEFAULT_NOMENCLATURE,
  NomenclatureError,
  makeEmbeddedCode,
  makeInternalCode,
  parseBarcode,
  validateNomenclature,
} from '../../core/nomenclature';

function ok(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a parsed barcode, got ${result.reason}`);
  return result.value;
}

const rule = (name: string): NomenclatureRule => {
  const found = DEFAULT_NOMENCLATURE.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};

describe('DEFAULT_NOMENCLATURE', () => {
  it('has the agreed rules in order and is itself valid', () => {
    expect(DEFAULT_NOMENCLATURE.map((r) => [r.kind, r.pattern])).toEqual([
      ['weight', '21PPPPPWWWWWC'],
      ['weight', '22PPPPPWWWWWC'],
      ['price', '23PPPPPVVVVVC'],
      ['price', '24PPPPPVVVVVC'],
      ['internal', '20NNNNNNNNNNC'],
    ]);
    expect(validateNomenclature(DEFAULT_NOMENCLATURE)).toEqual([]);
  });
});

describe('parseBarcode', () => {
  it('reads a 1.234 kg label from a weighing scale', () => {
    // 21 | 12345 | 01234 | check digit 6, computed independently by hand:
    // weights 3,1 from the right over 211234501234: 4*3+3+2*3+1+0*3+5+4*3+3+2*3+1+1*3+2 = 54 -> 6
    expect(gs1CheckDigit('211234501234')).toBe(6);
    expect(ok(parseBarcode('2112345012346'))).toEqual({
      type: 'weight',
      code: '2112345012346',
      rule: 'weight-21',
      productRef: '12345',
      grams: 1234,
    });
  });

  it('reads a 45.60 MAD price label', () => {
    // 23 | 00042 | 04560 | check digit 0
    expect(gs1CheckDigit('230004204560')).toBe(0);
    expect(ok(parseBarcode('2300042045600'))).toEqual({
      type: 'price',
      code: '2300042045600',
      rule: 'price-23',
      productRef: '00042',
      centimes: 4560,
    });
  });

  it('reads an internal shop label', () => {
    expect(ok(parseBarcode('2000000000428'))).toEqual({
      type: 'internal',
      code: '2000000000428',
      rule: 'internal-20',
      sequence: 42,
    });
  });

  it('rejects a bad check digit with INVALID_BARCODE', () => {
    const result = parseBarcode('2112345012347');
    expect(result).toMatchObject({ ok: false, code: 'INVALID_BARCODE' });
    expect(!result.ok && result.reason).toContain('check digit');
    expect(parseBarcode('4006381333932').ok).toBe(false);
  });

  it('rejects empty, non-numeric and wrong-length scans', () => {
    for (const raw of ['', '\r\n', 'ABC123', '1234567', '40063813339310', '12345678901']) {
      expect(parseBarcode(raw), JSON.stringify(raw)).toMatchObject({ ok: false, code: 'INVALID_BARCODE' });
    }
  });

  it('passes real GTINs through with their symbology', () => {
    expect(ok(parseBarcode('4006381333931'))).toEqual({
      type: 'gtin',
      code: '4006381333931',
      symbology: 'EAN13',
    });
    expect(ok(parseBarcode('73513537'))).toEqual({ type: 'gtin', code: '73513537', symbology: 'EAN8' });
    expect(ok(parseBarcode('036000291452'))).toEqual({
      type: 'gtin',
      code: '0036000291452',
      symbology: 'UPCA',
    });
    expect(ok(parseBarcode('6111234567895'))).toMatchObject({ type: 'gtin', symbology: 'EAN13' });
  });

  it('passes a restricted-circulation code that no rule claims through as gtin', () => {
    // prefix 25 is restricted circulation but not in the default nomenclature
    const body = '250000012345';
    const code = body + String(gs1CheckDigit(body));
    expect(ok(parseBarcode(code))).toMatchObject({ type: 'gtin', code });
  });

  it('tolerates scanner noise: AIM prefix, CRLF, control characters', () => {
    const clean = ok(parseBarcode('2112345012346'));
    expect(ok(parseBarcode(']E02112345012346\r\n'))).toEqual(clean);
    expect(ok(parseBarcode('\u00022112345012346\u0003'))).toEqual(clean);
    expect(ok(parseBarcode('  2112345012346\t'))).toEqual(clean);
  });

  it('lets the first matching rule win', () => {
    const rules: NomenclatureRule[] = [
      { name: 'price-2', pattern: '2PPPPPPVVVVVC', kind: 'price' },
      { name: 'weight-21', pattern: '21PPPPPWWWWWC', kind: 'weight' },
    ];
    expect(ok(parseBarcode('2112345012346', rules))).toMatchObject({
      type: 'price',
      rule: 'price-2',
      centimes: 1234,
    });
    expect(ok(parseBarcode('2112345012346', [...rules].reverse()))).toMatchObject({
      type: 'weight',
      grams: 1234,
    });
  });

  it('skips invalid rules instead of failing the scan', () => {
    const rules: NomenclatureRule[] = [
      { name: 'broken', pattern: '21PPPPWWWWWC', kind: 'weight' }, // 12 chars
      { name: 'weight-21', pattern: '21PPPPPWWWWWC', kind: 'weight' },
    ];
    expect(ok(parseBarcode('2112345012346', rules))).toMatchObject({ rule: 'weight-21', grams: 1234 });
  });

  it('uses no rule when given none', () => {
    expect(ok(parseBarcode('2112345012346', []))).toMatchObject({ type: 'gtin' });
  });
});

describe('makeEmbeddedCode / parseBarcode round trip', () => {
  const embeddedRules = DEFAULT_NOMENCLATURE.filter((r) => r.kind !== 'internal');

  it('round-trips any product reference and value through every default weight/price rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...embeddedRules),
        fc.stringMatching(/^\d{1,5}$/),
        fc.integer({ min: 0, max: 99_999 }),
        (r, productRef, value) => {
          const code = makeEmbeddedCode(r, productRef, value);
          expect(code).toHaveLength(13);
          expect(isValidGtin(code)).toBe(true);
          const parsed = ok(parseBarcode(`]E0${code}\r\n`));
          const expected =
            r.kind === 'weight'
              ? { type: 'weight', code, rule: r.name, productRef: productRef.padStart(5, '0'), grams: value }
              : {
                  type: 'price',
                  code,
                  rule: r.name,
                  productRef: productRef.padStart(5, '0'),
                  centimes: value,
                };
          expect(parsed).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('round-trips custom layouts (fields of other widths)', () => {
    const custom: NomenclatureRule = { name: 'dibal-28', pattern: '28PPPPVVVVVVC', kind: 'price' };
    expect(validateNomenclature([custom])).toEqual([]);
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}$/), fc.integer({ min: 0, max: 999_999 }), (ref, centimes) => {
        const code = makeEmbeddedCode(custom, ref, centimes);
        expect(ok(parseBarcode(code, [custom]))).toEqual({
          type: 'price',
          code,
          rule: 'dibal-28',
          productRef: ref,
          centimes,
        });
      }),
    );
  });

  it('refuses values and references that do not fit', () => {
    expect(() => makeEmbeddedCode(rule('weight-21'), '12345', 100_000)).toThrow(NomenclatureError);
    expect(() => makeEmbeddedCode(rule('weight-21'), '12345', -1)).toThrow(NomenclatureError);
    expect(() => makeEmbeddedCode(rule('weight-21'), '12345', 1.5)).toThrow(NomenclatureError);
    expect(() => makeEmbeddedCode(rule('price-23'), '123456', 100)).toThrow(/product reference/);
    expect(() => makeEmbeddedCode(rule('price-23'), '12a', 100)).toThrow(NomenclatureError);
    expect(() => makeEmbeddedCode(rule('internal-20'), '1', 1)).toThrow(/makeInternalCode/);
    expect(() => makeEmbeddedCode({ name: 'x', pattern: '21PPPPPWWWWW', kind: 'weight' }, '1', 1)).toThrow(
      /INVALID_NOMENCLATURE|BAD_LENGTH/,
    );
  });
});

describe('makeInternalCode', () => {
  it('builds valid shop codes that parse back to their sequence', () => {
    expect(makeInternalCode(42)).toBe('2000000000428');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (sequence) => {
        const code = makeInternalCode(sequence);
        expect(ok(parseBarcode(code))).toEqual({ type: 'internal', code, rule: 'internal-20', sequence });
      }),
    );
  });

  it('uses the first internal rule of the given nomenclature', () => {
    const rules: NomenclatureRule[] = [
      { name: 'w', pattern: '21PPPPPWWWWWC', kind: 'weight' },
      { name: 'own-29', pattern: '29NNNNNNNNNNC', kind: 'internal' },
      { name: 'own-20', pattern: '20NNNNNNNNNNC', kind: 'internal' },
    ];
    expect(makeInternalCode(7, rules).startsWith('290000000007')).toBe(true);
  });

  it('throws when the sequence does not fit or there is no internal rule', () => {
    expect(() => makeInternalCode(10_000_000_000)).toThrow(NomenclatureError);
    expect(() => makeInternalCode(-1)).toThrow(NomenclatureError);
    expect(() => makeInternalCode(3.5)).toThrow(NomenclatureError);
    expect(() => makeInternalCode(1, [rule('weight-21')])).toThrow(/no internal rule/);
    try {
      makeInternalCode(10_000_000_000);
    } catch (e) {
      expect((e as NomenclatureError).code).toBe('CODE_OUT_OF_RANGE');
    }
  });
});

describe('validateNomenclature', () => {
  const codes = (rules: NomenclatureRule[]) => validateNomenclature(rules).map((p) => p.split(':')[0]);

  it('reports each kind of problem with a stable code', () => {
    expect(codes([{ name: 'a', pattern: '21PPPPWWWWWC', kind: 'weight' }])).toEqual(['BAD_LENGTH']);
    expect(codes([{ name: 'a', pattern: '21PPPPPWWWWWX', kind: 'weight' }])).toEqual(['BAD_CHAR']);
    expect(codes([{ name: 'a', pattern: '21PPPPPWWWWWW', kind: 'weight' }])).toEqual(['CHECK_DIGIT']);
    expect(codes([{ name: 'a', pattern: '21PPPPCWWWWWC', kind: 'weight' }])).toEqual(['CHECK_DIGIT']);
    expect(codes([{ name: 'a', pattern: '21PPPPWWWWVVC', kind: 'weight' }])).toEqual(['WEIGHT_AND_PRICE']);
    expect(codes([{ name: 'a', pattern: '21PPPPPVVVVVC', kind: 'weight' }])).toEqual([
      'MISSING_FIELD',
      'WRONG_FIELD',
    ]);
    expect(codes([{ name: 'a', pattern: '21PPWWPPWWWWC', kind: 'weight' }])).toEqual([
      'SPLIT_FIELD',
      'SPLIT_FIELD',
    ]);
    expect(codes([{ name: 'a', pattern: '21PPPPP0WWWWC', kind: 'weight' }])).toEqual(['LITERAL_NOT_PREFIX']);
    expect(codes([{ name: 'a', pattern: '61PPPPPWWWWWC', kind: 'weight' }])).toEqual(['NOT_RESTRICTED']);
    expect(codes([{ name: 'a', pattern: '20NNNNNWWWWWC', kind: 'internal' }])).toEqual(['WRONG_FIELD']);
    expect(codes([{ name: 'a', pattern: '20PPPPPNNNNNC', kind: 'internal' }])).toEqual(['WRONG_FIELD']);
    expect(codes([{ name: 'a', pattern: '21WWWWWWWWWWC', kind: 'weight' }])).toEqual(['MISSING_FIELD']);
    expect(codes([{ name: ' ', pattern: '21PPPPPWWWWWC', kind: 'weight' }])).toEqual(['NO_NAME']);
  });

  it('reports duplicated prefixes, shadowed rules and duplicated names', () => {
    expect(
      codes([
        { name: 'a', pattern: '21PPPPPWWWWWC', kind: 'weight' },
        { name: 'b', pattern: '21PPPPPVVVVVC', kind: 'price' },
      ]),
    ).toEqual(['DUPLICATE_PREFIX']);
    expect(
      codes([
        { name: 'a', pattern: '2PPPPPPWWWWWC', kind: 'weight' },
        { name: 'b', pattern: '23PPPPPVVVVVC', kind: 'price' },
      ]),
    ).toEqual(['SHADOWED']);
    // the reverse order is fine: the longer prefix is tried first
    expect(
      codes([
        { name: 'b', pattern: '23PPPPPVVVVVC', kind: 'price' },
        { name: 'a', pattern: '2PPPPPPWWWWWC', kind: 'weight' },
      ]),
    ).toEqual([]);
    expect(
      codes([
        { name: 'a', pattern: '21PPPPPWWWWWC', kind: 'weight' },
        { name: 'a', pattern: '22PPPPPWWWWWC', kind: 'weight' },
      ]),
    ).toEqual(['DUPLICATE_NAME']);
  });

  it('accepts the GS1 restricted ranges 02 and 04 as prefixes', () => {
    expect(validateNomenclature([{ name: 'us', pattern: '02PPPPPVVVVVC', kind: 'price' }])).toEqual([]);
    expect(validateNomenclature([{ name: 'store', pattern: '04NNNNNNNNNNC', kind: 'internal' }])).toEqual([]);
  });
});
