/** The Chromium browser processes this test process started (their helpers, which carry --type=, aside). */
import { readFileSync, readdirSync } from 'node:fs';

export function browserPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmd.includes('--remote-debugging-pipe') && !cmd.includes('--type='))
        out.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}
