// The document photo in a box of the card's aspect ratio, reserved before the image arrives so the
// fields beside it never move.
import { useState } from 'preact/hooks';

export function Photo({ url, aspect, alt, loading }: { url: string | null; aspect: number; alt: string; loading?: boolean }) {
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <figure class="photo" style={{ aspectRatio: String(aspect) }} data-testid="photo">
      {url && !failed ? (
        <a href={url} target="_blank" rel="noopener" class="photo-link" title="在新窗口中查看原图">
          <img src={url} alt={alt} class={loaded ? 'photo-img photo-img-on' : 'photo-img'} onLoad={() => setLoaded(true)} onError={() => setFailed(true)} />
        </a>
      ) : null}
      {url && !loaded && !failed ? <div class="skeleton photo-skeleton" aria-hidden="true" /> : null}
      {!url && loading ? <div class="skeleton photo-skeleton" aria-hidden="true" /> : null}
      {(!url && !loading) || failed ? <figcaption class="photo-empty">照片不可用（可能已超过保存期限）</figcaption> : null}
    </figure>
  );
}

/** Placeholder with the review's exact layout while a photo is uploaded and recognized. */
export function ReviewSkeleton({ aspect, rows, status, photoUrl }: { aspect: number; rows: number; status: string; photoUrl?: string }) {
  return (
    <div class="review" aria-busy="true" data-testid="review-skeleton">
      <Photo url={photoUrl ?? null} aspect={aspect} alt="" loading />
      <div class="review-form panel">
        <header class="review-head">
          <h2 role="status">{status}</h2>
        </header>
        <div class="fields" aria-hidden="true">
          {Array.from({ length: rows }, (_, i) => (
            <div class="field" key={i}>
              <span class="skeleton skeleton-label" />
              <span class="skeleton skeleton-input" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
