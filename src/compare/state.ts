/**
 * The database state after an implementation's run, reduced to one digest per table. Operations
 * that return nothing (delete, revoke, reorder, removeMember) are only comparable through their
 * effects; since every implementation starts from an identical copy and runs the same list, the
 * tables must end up identical too, up to the ids and timestamps each run generated.
 */
import type pg from "pg";
import { tableOf, SEED_TABLES } from "../seed/index.ts";
import { canonical, digest, normalizeResult, type NormalizeContext } from "./normalize-result.ts";

/** Per table: row count and a digest of the rows, generated ids and fresh timestamps masked. */
export type StateDigest = Record<string, { rows: number; digest: string }>;

/** Column names as the normalizer knows id columns (`organization_id` → `organizationId`). */
const camel = (name: string): string => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export async function stateDigest(client: pg.ClientBase, context: NormalizeContext): Promise<StateDigest> {
  const out: StateDigest = {};
  for (const table of SEED_TABLES.map(tableOf)) {
    const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM "${table}"`);
    // Generated ids are masked, so the rows' own order (by id) is meaningless: sort their texts.
    const texts = rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])))
      .map((row) => canonical(normalizeResult(row, context, { numbered: false })))
      .sort();
    out[table] = { rows: rows.length, digest: digest(texts) };
  }
  return out;
}
