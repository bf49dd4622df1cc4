/**
 * The contract smoke check: a handful of operations per implementation, through the same
 * `openRepositories` an application would call, on the evaluation's own seeded database. It is not
 * the contract suite (that is `npm test`); it proves each implementation works against THIS server
 * before its numbers are trusted, e.g. a team's PostgreSQL with other extensions or collations.
 */
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { isDataError } from "../domain/errors.ts";
import { openRepositories } from "../implementations.ts";
import type { ImplementationName, Repositories } from "../repositories/index.ts";

export interface SmokeOperation {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

export interface SmokeResult {
  implementation: ImplementationName;
  ok: boolean;
  operations: SmokeOperation[];
  /** Set when the implementation could not even be opened. */
  error?: string;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The checks, in order; each leaves data the next ones use. Names are unique per run and implementation. */
function checks(repos: Repositories, tag: string): { name: string; run: () => Promise<void> }[] {
  const email = `smoke.${tag}@example.com`;
  const slug = `smoke-${tag}`;
  let userId = "";
  let organizationId = "";
  return [
    {
      name: "users.create",
      run: async () => {
        const user = await repos.users.create({ email: `  Smoke.${tag}@Example.com `, name: "Smoke Check" });
        check(
          user.email === email,
          `email stored as ${JSON.stringify(user.email)}, expected it trimmed and lower-cased`,
        );
        userId = user.id;
      },
    },
    {
      name: "users.findByEmail (case-insensitive)",
      run: async () => {
        const found = await repos.users.findByEmail(email.toUpperCase());
        check(found?.id === userId, "the user was not found by its upper-cased email");
      },
    },
    {
      name: "users.create duplicate -> CONFLICT",
      run: async () => {
        const outcome = await repos.users.create({ email, name: "Again" }).then(
          () => "created",
          (error: unknown) => (isDataError(error) ? error.code : `non-DataError ${String(error)}`),
        );
        check(outcome === "CONFLICT", `expected CONFLICT, got ${outcome}`);
      },
    },
    {
      name: "organizations.createWithOwner",
      run: async () => {
        const { organization, membership } = await repos.organizations.createWithOwner({
          slug,
          name: "Smoke Org",
          ownerId: userId,
        });
        check(
          membership.role === "OWNER" && membership.organizationId === organization.id,
          "the owner's membership is wrong",
        );
        organizationId = organization.id;
      },
    },
    {
      name: "organizations.listForUser",
      run: async () => {
        const rows = await repos.organizations.listForUser(userId);
        check(
          rows.length === 1 && rows[0]!.organization.id === organizationId && rows[0]!.memberCount === 1,
          "listForUser did not return the one organization with one member",
        );
      },
    },
    {
      name: "projects.create + statusSummary",
      run: async () => {
        await repos.projects.create({
          organizationId,
          ownerId: userId,
          name: "Smoke project",
          tags: ["smoke"],
          metadata: { check: true },
        });
        const summary = await repos.projects.statusSummary(organizationId);
        check(summary.ACTIVE === 1 && summary.ARCHIVED === 0, `statusSummary is ${JSON.stringify(summary)}`);
      },
    },
    {
      name: "downloads.upsertRelease + recordDownload",
      run: async () => {
        const release = { version: `0.0.0-smoke.${tag}`, platform: "linux-x64", url: "https://example.com/smoke" };
        await repos.downloads.upsertRelease(release);
        await repos.downloads.upsertRelease(release);
        const first = await repos.downloads.recordDownload(release);
        const second = await repos.downloads.recordDownload(release);
        check(first === 1 && second === 2, `counts were ${first} and ${second}, expected 1 and 2`);
      },
    },
    {
      name: "transaction rolls back",
      run: async () => {
        const rolledBack = `rollback.${tag}@example.com`;
        await repos
          .transaction(async (tx) => {
            await tx.users.create({ email: rolledBack, name: "Rolled back" });
            throw new Error("smoke: roll back on purpose");
          })
          .catch((error: unknown) => {
            if ((error as Error).message !== "smoke: roll back on purpose") throw error;
          });
        check(
          (await repos.users.findByEmail(rolledBack)) === null,
          "a user created inside a rolled-back transaction is visible",
        );
      },
    },
  ];
}

/** Runs the smoke checks for one implementation on the database at `url`. Never throws. */
export async function smokeImplementation(name: ImplementationName, url: string): Promise<SmokeResult> {
  let repos: Repositories;
  try {
    repos = await openRepositories(name, { url });
  } catch (error) {
    return { implementation: name, ok: false, operations: [], error: (error as Error).message };
  }
  const tag = `${name.replace(/[^a-z]/g, "")}-${randomBytes(3).toString("hex")}`;
  const operations: SmokeOperation[] = [];
  try {
    for (const { name: opName, run } of checks(repos, tag)) {
      const started = performance.now();
      try {
        await run();
        operations.push({ name: opName, ok: true, durationMs: Math.round((performance.now() - started) * 100) / 100 });
      } catch (error) {
        operations.push({
          name: opName,
          ok: false,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          error: (error as Error).message,
        });
        // Later checks build on earlier ones; running them would only repeat this failure.
        break;
      }
    }
  } finally {
    await repos.close();
  }
  const expected = checks(repos, tag).length;
  return { implementation: name, ok: operations.length === expected && operations.every((o) => o.ok), operations };
}
