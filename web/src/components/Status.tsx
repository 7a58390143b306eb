// Whole-screen states: refusals and missing pages, with a way back.
import { href } from '../router';

export function Forbidden() {
  return (
    <section class="panel state" data-testid="forbidden" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">无权访问</h1>
      <p>此页面仅限管理员使用。如需权限，请联系系统管理员。</p>
      <a class="btn" href={href('/scan')}>
        返回扫描识别
      </a>
    </section>
  );
}

export function NotFound() {
  return (
    <section class="panel state" aria-labelledby="nf-title">
      <h1 id="nf-title">页面不存在</h1>
      <a class="btn" href={href('/scan')}>
        返回扫描识别
      </a>
    </section>
  );
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="alert alert-error" role="alert">
      <span>{message}</span>
      {onRetry ? (
        <button type="button" class="btn btn-small" onClick={onRetry}>
          重试
        </button>
      ) : null}
    </div>
  );
}
