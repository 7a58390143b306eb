// The document photo in a box of the card's aspect ratio, reserved before the image arrives so the
// fields beside it never move.
import { useState } from 'preact/hooks';

/** How far a click zooms in: enough to read a VIN's small print on a whole-card photo. */
const ZOOM = 2.5;

export function Photo({ url, aspect, alt, loading }: { url: string | null; aspect: number; alt: string; loading?: boolean }) {
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  // Zoomed in place: the point under the pointer (percent of the box) stays under it while it moves.
  const [zoom, setZoom] = useState<{ x: number; y: number } | null>(null);
  const at = (e: MouseEvent): { x: number; y: number } => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return {
      x: Math.min(100, Math.max(0, ((e.clientX - box.left) / box.width) * 100)),
      y: Math.min(100, Math.max(0, ((e.clientY - box.top) / box.height) * 100)),
    };
  };
  return (
    <figure class={`photo ${zoom ? 'photo-zoomed' : ''}`} style={{ aspectRatio: String(aspect) }} data-testid="photo">
      {url && !failed ? (
        <button
          type="button"
          class="photo-zoom"
          aria-pressed={!!zoom}
          aria-label={zoom ? '还原照片' : '放大照片'}
          title={zoom ? '点击还原' : '点击放大，移动鼠标查看细节'}
          onClick={(e) => setZoom(zoom ? null : e.detail === 0 ? { x: 50, y: 50 } : at(e))}
          onMouseMove={(e) => zoom && setZoom(at(e))}
          onKeyDown={(e) => e.key === 'Escape' && setZoom(null)}
        >
          <img
            src={url}
            alt={alt}
            class={loaded ? 'photo-img photo-img-on' : 'photo-img'}
            style={zoom ? { transform: `scale(${ZOOM})`, transformOrigin: `${zoom.x}% ${zoom.y}%` } : undefined}
            onLoad={() => setLoaded(true)}
            onError={() => setFailed(true)}
          />
        </button>
      ) : null}
      {url && !failed ? (
        <a href={url} target="_blank" rel="noopener" class="photo-open small" title="在新窗口中查看原图">
          原图
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
