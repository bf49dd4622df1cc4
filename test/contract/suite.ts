/**
 * The contract suite: every behaviour the repository interfaces promise, run unchanged against each
 * implementation (kysely/drizzle style: one body, many back ends). Each implementation has a
 * one-line entry file in this folder; none of the test bodies knows which one it is testing.
 */
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { openRepositories } from "../../src/implementations.ts";
import type { ImplementationName, Repositories } from "../../src/repositories/index.ts";
import { useTestDatabase } from "../support/database.ts";
import { auditContract } from "./audit.contract.ts";
import { badInputContract } from "./bad-input.contract.ts";
import type { ContractContext } from "./context.ts";
import { downloadsContract } from "./downloads.contract.ts";
import { organizationsContract } from "./organizations.contract.ts";
import { projectsContract } from "./projects.contract.ts";
import { sessionsContract } from "./sessions.contract.ts";
import { tasksContract } from "./tasks.contract.ts";
import { unitOfWorkContract } from "./unit-of-work.contract.ts";
import { usersContract } from "./users.contract.ts";

/** Opens the implementation under test on a database URL (default: {@link openRepositories}). */
export type ContractOpener = (url: string) => Promise<Repositories>;

/**
 * Registers the whole contract suite for one implementation, on a database of its own. `variant`
 * runs it on another driver (e.g. the SQL implementation over postgres.js): a label and an opener.
 */
export function runContractSuite(
  implementation: ImplementationName,
  variant?: { label: string; open: ContractOpener },
): void {
  const title = variant ? `${implementation} (${variant.label})` : implementation;
  describe(`contract: ${title}`, () => {
    contractBodies(implementation, (url) => (variant ? variant.open(url) : openRepositories(implementation, { url })));
  });
}

/**
 * Registers every contract body in the calling `describe`, on a database of its own: `open` builds
 * the repositories once before the tests (their `close()` runs after), and the tables are emptied
 * before each test (then `afterReset` runs, e.g. to mark the reset in a recorded workload). `what`
 * names the repositories in the error a test gets when they did not open. Returns the repositories,
 * for the block's own tests (valid inside tests and hooks).
 */
export function contractBodies<R extends Repositories>(
  what: string,
  open: (url: string) => Promise<R> | R,
  afterReset?: () => void,
): () => R {
  const db = useTestDatabase();
  let repos: R | undefined;

  beforeAll(async () => {
    repos = await open(db.url);
  });
  afterAll(async () => {
    await repos?.close();
  });
  beforeEach(async () => {
    await db.reset();
    afterReset?.();
  });

  const opened = (): R => {
    if (!repos) throw new Error(`${what} did not open`);
    return repos;
  };
  const ctx: ContractContext = {
    get repos() {
      return opened();
    },
    db,
  };

  usersContract(ctx);
  sessionsContract(ctx);
  organizationsContract(ctx);
  projectsContract(ctx);
  tasksContract(ctx);
  downloadsContract(ctx);
  auditContract(ctx);
  unitOfWorkContract(ctx);
  badInputContract(ctx);
  return opened;
}
