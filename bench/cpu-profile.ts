/**
 * Where a station's time goes, from the .cpuprofile that `node --cpu-prof` writes when it exits: every
 * sample is put in one bucket by the frames on its stack (the first rule that matches, leaf first), so the
 * buckets add up to the time sampled. Start-up (module loading) and logins (scrypt) are left out: they are
 * not part of a checkout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Frame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Breakdown {
  /** Milliseconds per bucket, in the order of BUCKETS. */
  ms: Record<string, number>;
  totalMs: number;
}

const isNodeHttp = (f: Frame) =>
  /node:_http|node:net|streams\/|stream_base_commons|node:events|_http_/.test(f.url) ||
  f.functionName === 'writev' ||
  f.functionName === 'writeUtf8String';

/** Buckets, checked in order against the stack (leaf first); a stack matching none is "other". */
const BUCKETS: { name: string; test: (stack: Frame[]) => boolean }[] = [
  {
    name: 'excluded: start-up, logins',
    test: (s) =>
      s.some(
        (f) =>
          f.functionName === 'scryptSync' ||
          /esm\/|cjs\/loader|bootstrap\/|modules\/helpers/.test(f.url) ||
          f.functionName === 'compileSourceTextModule',
      ),
  },
  { name: 'idle (waiting for the client)', test: (s) => s[0]?.functionName === '(idle)' },
  { name: 'garbage collector', test: (s) => s[0]?.functionName === '(garbage collector)' },
  {
    name: 'SQLite commit (BEGIN/COMMIT, WAL write, fsync)',
    test: (s) => s[0]?.functionName === 'sqliteTransaction',
  },
  {
    name: 'SQLite statements in the sale (incl. triggers)',
    test: (s) =>
      ['run', 'get', 'all', 'raw', 'iterate', 'stmt', 'prepare'].includes(s[0]?.functionName ?? '') &&
      s.some((f) => f.functionName === 'sqliteTransaction'),
  },
  {
    name: 'journal digest and hash',
    test: (s) => s.some((f) => f.functionName === 'appendJournal'),
  },
  {
    name: 'checkout service JS (pricing, checks, rows)',
    test: (s) => s.some((f) => f.functionName === 'sqliteTransaction'),
  },
  { name: 'zod validation', test: (s) => s.some((f) => f.functionName === 'safeParse') },
  {
    name: 'auth (session, user re-read)',
    test: (s) => s.some((f) => f.functionName === 'sessionUser'),
  },
  {
    name: 'JSON parse/stringify',
    test: (s) => ['parse', 'stringify'].includes(s[0]?.functionName ?? '') && (s[0]?.url ?? '') === '',
  },
  {
    name: 'HTTP: node http, socket writes, envelope',
    test: (s) =>
      isNodeHttp(s[0] as Frame) ||
      s.some((f) =>
        ['send', 'readBody', 'parserOnIncoming', 'parserOnHeadersComplete'].includes(f.functionName),
      ),
  },
  {
    name: 'dispatcher and the rest of the request',
    test: (s) => s.some((f) => f.functionName === 'handleApi'),
  },
];
export const OTHER = 'other';

export function readProfile(dir: string): Profile {
  const file = readdirSync(dir).find((n) => n.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
}

export function breakdown(profile: Profile): Breakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const bucketOf = new Map<number, string>();
  const ms: Record<string, number> = {};
  for (const b of BUCKETS) ms[b.name] = 0;
  ms[OTHER] = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    let bucket = bucketOf.get(id);
    if (bucket === undefined) {
      const stack: Frame[] = [];
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const node = byId.get(cur);
        if (node) stack.push(node.callFrame);
      }
      bucket = BUCKETS.find((b) => b.test(stack))?.name ?? OTHER;
      bucketOf.set(id, bucket);
    }
    ms[bucket] = (ms[bucket] ?? 0) + dt;
    if (!bucket.startsWith('excluded')) total += dt;
  });
  return { ms, totalMs: total };
}

/** The breakdown per call (ms) as printable lines. */
export function breakdownLines(b: Breakdown, calls: number): string[] {
  return Object.entries(b.ms)
    .filter(([name, v]) => v > 0 && !name.startsWith('excluded'))
    .sort((x, y) => y[1] - x[1])
    .map(
      ([name, v]) =>
        `  ${(v / calls).toFixed(3).padStart(7)} ms/call ${((100 * v) / b.totalMs).toFixed(1).padStart(5)} %  ${name}`,
    );
}
