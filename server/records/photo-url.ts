// The short-lived photo link a record carries when it is read (`get`, `reveal`). Its own module so that
// server/admin can use it without importing the handlers at run time (they import server/admin).
import type { GetResponse, LicenseRecord } from '../../core/contracts/records';
import type { AuthedContext } from './context';

/** Lifetime of photo URLs handed out by `get`. */
export const PHOTO_URL_TTL_SECONDS = 600;

/** The record with its photo link, added after any masking (a link is not personal data). */
export async function withPhotoUrl(ctx: AuthedContext, record: LicenseRecord): Promise<GetResponse> {
  const photoUrl = record.fileID ? await ctx.photos.temporaryUrl(record.fileID, PHOTO_URL_TTL_SECONDS) : null;
  return { ...record, photoUrl };
}
