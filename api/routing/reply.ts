/**
 * An answer other than the operation's success status with a JSON body: another status (a
 * documented 400 with a body of its own), or JSON text sent as it is (no parse and re-serialise).
 */
export class Reply {
  private constructor(
    readonly status: number | undefined,
    readonly body: unknown,
    readonly jsonText: boolean,
  ) {}

  static status(status: number, body: unknown): Reply {
    return new Reply(status, body, false);
  }

  /**
   * JSON sent as it is; as UTF-8 bytes (a Buffer) it is not even encoded again: the same
   * `Content-Type` (`application/json; charset=utf-8`, set by the type) and length either way.
   */
  static jsonText(text: string | Buffer): Reply {
    return new Reply(undefined, text, true);
  }
}

/** Returned by a handler that wrote the response itself (the live position stream). */
export const answered = Symbol('answered');
