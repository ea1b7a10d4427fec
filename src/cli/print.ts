/** Prints one line for people, or one JSON document with `--json`. */
export function printer(json: boolean | undefined): (human: string, data: unknown) => void {
  return (human, data) => void process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${human}\n`);
}
