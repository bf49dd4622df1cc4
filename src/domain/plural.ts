/** "1 index", "23 indexes", "2 tables": a count with its noun, for messages people read. */
export function plural(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : noun.endsWith("x") ? `${noun}es` : `${noun}s`}`;
}
