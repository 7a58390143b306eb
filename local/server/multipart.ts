// The upload form of POST /api/ocr, parsed only once its parts are counted (issue 13 item 14): a form
// of 200 000 tiny parts fits the size limit yet keeps the multipart parser busy for about a second.
// Counting boundary delimiters is one native byte search per part, stopped at the cap.
import { ApiError } from '../../core/contracts/errors';

/** image, docType, side, provider — and room for a client that adds a field or two. */
export const MAX_UPLOAD_PARTS = 8;

/** The boundary parameter of a multipart/form-data Content-Type (RFC 2046: 1–70 characters). */
export function multipartBoundary(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Parts in a multipart body, counted up to `limit + 1` (enough to know it is over). */
export function countParts(body: Uint8Array, boundary: string, limit: number): number {
  const delimiter = Buffer.from(`--${boundary}`);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let seen = 0;
  for (let at = bytes.indexOf(delimiter); at !== -1 && seen <= limit + 1; at = bytes.indexOf(delimiter, at + delimiter.length)) seen++;
  // n parts are framed by n + 1 delimiters (the last one closes the body).
  return Math.max(0, seen - 1);
}

/** Reads the upload and parses it as a form, refusing a form of more than `maxParts` parts first. */
export async function parseUploadForm(body: ArrayBuffer, contentType: string, maxParts = MAX_UPLOAD_PARTS): Promise<FormData> {
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new ApiError('INVALID_ARGUMENT', '上传内容不是有效的表单（缺少 boundary）');
  const parts = countParts(new Uint8Array(body), boundary, maxParts);
  if (parts > maxParts) throw new ApiError('INVALID_ARGUMENT', `上传的表单项过多（最多 ${maxParts} 项）`, { maxParts });
  try {
    return await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ApiError('INVALID_ARGUMENT', '上传内容不是有效的表单');
  }
}
