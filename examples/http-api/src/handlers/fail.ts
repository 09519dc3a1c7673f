/** The error `Fail` throws; its name becomes the Lambda `errorType`. */
export class NoteBookOnFireError extends Error {
  override name = 'NoteBookOnFireError';
}

/** Direct invoke: always throws {@link NoteBookOnFireError}. */
export async function handler(event: { reason?: string }): Promise<never> {
  throw new NoteBookOnFireError(event?.reason ?? 'the note book is on fire');
}
