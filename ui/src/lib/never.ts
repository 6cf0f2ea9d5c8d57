// Compile-time exhaustiveness: a branch that TypeScript proves unreachable.
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
