/**
 * One API call over HTTP to a station or a till host, as a client makes it: POST /api/<method> with JSON and
 * an optional bearer token. The answer is the envelope, loosely typed (`any` result: tests read what they
 * assert on), with the HTTP status beside it.
 */
export interface ApiAnswer {
  status: number;
  ok: boolean;
  result?: any;
  error?: { code: string; message: string; details: any };
  /** The caller's role at this call (api/dispatcher.ts), on a successful call with a session. */
  role?: string;
}

export async function postApi(
  base: string,
  method: string,
  input: unknown,
  token?: string | null,
): Promise<ApiAnswer> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return { status: res.status, ...((await res.json()) as Omit<ApiAnswer, 'status'>) };
}
