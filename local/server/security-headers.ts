// Response headers of the local server (issue 13 item 7): a Content-Security-Policy that lets the web
// console (web/dist: its own scripts and styles, photos as same-origin or blob: URLs) run and nothing
// else, no framing, no MIME sniffing, no referrer, and no caching of any API answer: every /api/
// response carries personal data or a credential-bearing link.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export function securityHeaders(opts: { publicOrigin?: string | undefined } = {}): MiddlewareHandler {
  // Photo links point at PUBLIC_ORIGIN when one is configured; the console must be allowed to load them.
  const extra = opts.publicOrigin ? [opts.publicOrigin] : [];
  const common = {
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'blob:', 'data:', ...extra],
      connectSrc: ["'self'", ...extra],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
  };
  const everywhere = secureHeaders(common);
  // A signed photo URL is meant for the mini program's <image>, which loads it from another origin
  // (DevTools' simulator is a browser): the signature, not the origin, guards it.
  const photos = secureHeaders({ ...common, crossOriginResourcePolicy: 'cross-origin' });
  return async (c, next) => {
    const headers = c.req.path.startsWith('/api/files/') ? photos : everywhere;
    await headers(c, next);
    if (c.req.path.startsWith('/api/')) c.res.headers.set('cache-control', 'no-store');
  };
}
