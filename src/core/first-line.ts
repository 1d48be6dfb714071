/** The first line of an error's message, or of anything else thrown, as text: what we show of a
 *  failure is one line (a stack trace or a tool's full stderr never reaches a report or a log line). */
export function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0] ?? msg;
}
