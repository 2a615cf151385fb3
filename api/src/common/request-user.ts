/**
 * The authenticated user's id, kept on the request by the auth guard and read by the request log, so
 * neither of the two has to know the other.
 */
const USER_ID = Symbol('lms.userId');
type WithUser = { [USER_ID]?: string };

export function rememberUserId(request: object, userId: string): void {
  (request as WithUser)[USER_ID] = userId;
}

/** The id the auth guard remembered on this request (Fastify's or the raw Node one), if any. */
export function rememberedUserId(...requests: readonly object[]): string | undefined {
  for (const request of requests) {
    const userId = (request as WithUser)[USER_ID];
    if (userId !== undefined) return userId;
  }
  return undefined;
}
