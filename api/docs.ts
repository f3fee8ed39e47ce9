import { z } from 'zod';
import { contract, METHOD_MODULE, METHOD_NAMES } from './contract';

function schemaText(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return JSON.stringify(json, null, 2);
}

/** docs/api.md is generated from the contract (npm run docs:api) and a test fails when they differ. */
export function renderApiDocs(): string {
  const out: string[] = [
    '# Souk POS API',
    '',
    '<!-- Generated from the domain modules api/methods/*.ts by `npm run docs:api`. Do not edit by hand. -->',
    '',
    'Every method is called as `POST /api/<method>` with a JSON body (`content-type: application/json`) on the',
    'station server, or through the Electron bridge with the same names. Methods other than `public` ones need',
    '`Authorization: Bearer <token>` from `auth.login`. Money is in integer centimes (MAD), quantities in integer',
    'milli-units (1 piece = 1000, 1 kg = 1000), timestamps in UTC epoch milliseconds.',
    '',
    'Answers are `{ "ok": true, "result": ... }` or `{ "ok": false, "error": { "code", "message", "details" } }`.',
    'Error codes: see `core/errors.ts`. HTTP status: 400 validation, 401 authentication, 403 role or approval,',
    '404 not found, 409 conflict, 422 refused by a business rule (e.g. `OUT_OF_STOCK`), 429 locked out.',
    '',
    'Approvable methods accept `"approval": { "managerId", "pin" }`: a manager approves that single action at a',
    "cashier's till.",
    '',
    '| method | minimum role | summary |',
    '| --- | --- | --- |',
  ];
  for (const name of METHOD_NAMES) {
    const spec = contract[name];
    const role = `${spec.role}${'approvable' in spec && spec.approvable ? ' (or approval)' : ''}`;
    out.push(
      `| [\`${name}\`](#${name.replace(/\./g, '')}) | ${role} | ${spec.summary.replace(/\|/g, '\\|')} |`,
    );
  }
  for (const name of METHOD_NAMES) {
    const spec = contract[name];
    out.push(
      '',
      `## ${name}`,
      '',
      spec.summary,
      '',
      `Minimum role: \`${spec.role}\`${'approvable' in spec && spec.approvable ? ' — a cashier may call it with a manager approval' : ''}.`,
      '',
      `Spec and handler: \`${METHOD_MODULE[name]}\`.`,
      '',
      'Input:',
      '',
      '```json',
      schemaText(spec.input),
      '```',
      '',
      'Output:',
      '',
      '```json',
      schemaText(spec.output),
      '```',
    );
  }
  return `${out.join('\n')}\n`;
}
