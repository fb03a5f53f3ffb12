/** A create, and what tells whether it stands on the device after its answer was lost. */
export interface LosableCreate<T> {
  /** Sends the create and returns the new object's id. */
  send(): Promise<T>;
  /** The id of the object the create made, read from the device afresh; undefined when it did not land. */
  landed(): Promise<T | undefined>;
  /** Whether an error means the connection went before the answer came: the create may have landed. */
  lost(error: unknown): boolean;
}

/**
 * Every engine treats a create whose answer was lost alike: it looks whether the create landed and
 * takes that object, and sends the create once more only when it did not. A create is therefore
 * never made twice, and a single dropped connection does not fail the run.
 */
export async function createOnce<T>(create: LosableCreate<T>): Promise<T> {
  try {
    return await create.send();
  } catch (error) {
    if (!create.lost(error)) throw error;
    const landed = await create.landed();
    return landed !== undefined ? landed : create.send();
  }
}
