/** A request refused as a whole, before any item was judged (400, 413, 415). */
export class BodyError extends Error {
  constructor(
    readonly statusCode: 400 | 413 | 415,
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}
