/**
 * The oldest Node.js major the CLI and the service run on. The library itself also runs on Node.js
 * 22.13+ (`engines.node` in package.json), Bun and Deno: see docs/runtimes.md.
 */
export const MIN_NODE_MAJOR = 24;

/**
 * Why this Node.js cannot run the CLI, or null when it can. Checked before anything else is
 * loaded, so an old Node says what it needs instead of failing on a missing built-in
 * (`node:sqlite`) halfway through a command.
 */
export function nodeVersionProblem(version: string = process.versions.node): string | null {
  const major = Number(version.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return null;
  return `coatcheck needs Node.js ${MIN_NODE_MAJOR} or later; this is Node.js ${version}. Install Node.js ${MIN_NODE_MAJOR} LTS (https://nodejs.org) and run it again.`;
}
