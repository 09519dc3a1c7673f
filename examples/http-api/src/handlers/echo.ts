/** Direct invoke: returns the event it received, unchanged. */
export async function handler(event: unknown): Promise<unknown> {
  return event;
}
