/**
 * Prisma's promises are lazy: `prisma.user.create(...)` does nothing until awaited, which is what
 * lets `$transaction([a, b])` run `a` and `b` inside one transaction. The facade's operations
 * return a {@link CompatPromise} with the same behaviour.
 */
import type { Executor } from "./executor.ts";

const RUN = Symbol("compat.run");

/** A lazily started operation of the facade. */
export class CompatPromise<T> implements PromiseLike<T> {
  private started: Promise<T> | undefined;
  readonly [Symbol.toStringTag] = "PrismaPromise";

  /**
   * @param model the model the operation queries, when it is a model operation (Prisma names it in
   *   errors that concern a whole `$transaction([...])` batch)
   */
  constructor(
    private readonly runner: (ex: Executor) => Promise<T>,
    private readonly defaultExecutor: Executor,
    readonly model?: string,
  ) {}

  /** Runs the operation on `ex` (a transaction) instead of the client's own executor. */
  [RUN](ex: Executor): Promise<T> {
    return this.runner(ex);
  }

  private start(): Promise<T> {
    this.started ??= this.runner(this.defaultExecutor);
    return this.started;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.start().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.start().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.start().finally(onfinally);
  }
}

/** Runs a facade promise on the given executor (used by the array form of `$transaction`). */
export function runOn<T>(promise: CompatPromise<T>, ex: Executor): Promise<T> {
  return promise[RUN](ex);
}

export function isCompatPromise(value: unknown): value is CompatPromise<unknown> {
  return value instanceof CompatPromise;
}
