/**
 * Every wait of the bench has an end (issue 10: `npm run bench` once hung for more than 30 minutes in the
 * tills stage): a promise that has not settled by then fails loudly with what it was waiting for.
 */
export class DeadlineError extends Error {}

export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new DeadlineError(`${what}: no end within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** For a loop that polls: throws once `ms` have passed since `started` (performance.now()). */
export function checkDeadline(started: number, ms: number, what: string): void {
  if (performance.now() - started > ms)
    throw new DeadlineError(`${what}: not done within ${Math.round(ms / 1000)} s`);
}
