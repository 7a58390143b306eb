// The console shell: learns the server's identity mode, signs in, and routes between screens.
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiClientError, credentials, saveCredentials, SESSION_ENDED, sessionInfo, type Credentials, type SessionInfo } from './api';
import { href, useRoute } from './router';
import { SignIn } from './screens/SignIn';
import { Scan } from './screens/Scan';
import { RecordList } from './screens/RecordList';
import { Detail } from './screens/Detail';
import { Stats } from './screens/Stats';
import { Dossiers } from './screens/Dossiers';
import { Due } from './screens/Due';
import { resetScanQueue, scanInProgress } from './scan-queue';
import { Forbidden, NotFound } from './components/Status';
import './styles.css';

type Boot = { state: 'loading' } | { state: 'ready'; info: SessionInfo } | { state: 'error'; message: string };

function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });

  const load = useCallback(async (creds: Credentials | null) => {
    try {
      const info = await sessionInfo(creds);
      setBoot({ state: 'ready', info });
    } catch (e) {
      // Stale credentials (a token expired, an identity no longer accepted): ask again, signed out.
      if (e instanceof ApiClientError && (e.status === 401 || e.status === 403) && creds) {
        saveCredentials(null);
        return load(null);
      }
      setBoot({ state: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }, []);

  useEffect(() => {
    void load(credentials());
    const ended = (): void => {
      resetScanQueue();
      saveCredentials(null);
      void load(null);
    };
    addEventListener(SESSION_ENDED, ended);
    return () => removeEventListener(SESSION_ENDED, ended);
  }, [load]);

  const signIn = async (c: Credentials): Promise<void> => {
    const info = await sessionInfo(c);
    if (!info.user) throw new ApiClientError(401, 'UNAUTHENTICATED', '服务器未接受该身份');
    saveCredentials(c);
    setBoot({ state: 'ready', info });
  };

  const signOut = (): void => {
    if (scanInProgress() && !confirm('还有照片正在识别，离开将取消识别。确定要退出吗？')) return;
    // The next person must not see this one's photos or fields.
    resetScanQueue();
    saveCredentials(null);
    void load(null);
  };

  if (boot.state === 'loading') {
    return (
      <div class="boot" aria-busy="true">
        <span class="brand">LicenseLens</span> 正在连接服务器…
      </div>
    );
  }
  if (boot.state === 'error') {
    return (
      <div class="boot" role="alert">
        <p>无法连接服务器：{boot.message}</p>
        <button type="button" class="btn" onClick={() => void load(credentials())}>
          重试
        </button>
      </div>
    );
  }
  if (!boot.info.user) return <SignIn info={boot.info} onSignIn={signIn} />;
  return <Shell info={boot.info} user={boot.info.user} onSignOut={signOut} />;
}

function Shell({ info, user, onSignOut }: { info: SessionInfo; user: NonNullable<SessionInfo['user']>; onSignOut: () => void }) {
  const route = useRoute();
  const links: { path: string; label: string; admin?: boolean }[] = [
    { path: '/scan', label: '扫描识别' },
    { path: '/history', label: '我的记录' },
    { path: '/dossiers', label: '我的档案' },
    { path: '/admin/records', label: '全部记录', admin: true },
    { path: '/admin/stats', label: '统计与导出', admin: true },
    { path: '/admin/dossiers', label: '全部档案', admin: true },
    { path: '/admin/due', label: '到期提醒', admin: true },
  ];
  const active = (p: string): boolean => route.path === p || route.path.startsWith(`${p}/`);

  let screen;
  const detail = /^\/records\/(.+)$/.exec(route.path);
  if (route.path === '/scan') screen = <Scan owner={user.openid} configured={info.providers} />;
  else if (route.path === '/history') screen = <RecordList key="mine" scope="mine" />;
  else if (route.path === '/admin/records') screen = user.isAdmin ? <RecordList key="all" scope="all" /> : <Forbidden />;
  else if (route.path === '/admin/stats') screen = user.isAdmin ? <Stats /> : <Forbidden />;
  else if (route.path === '/dossiers') screen = <Dossiers key="mine" scope="mine" />;
  else if (route.path === '/admin/dossiers') screen = user.isAdmin ? <Dossiers key="all" scope="all" /> : <Forbidden />;
  else if (route.path === '/admin/due') screen = user.isAdmin ? <Due /> : <Forbidden />;
  else if (detail?.[1]) screen = <Detail id={decodeURIComponent(detail[1])} user={user} />;
  else screen = <NotFound />;

  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        跳到主要内容
      </a>
      <header class="topbar">
        <span class="brand">LicenseLens</span>
        <nav aria-label="主导航">
          <ul>
            {links
              .filter((l) => !l.admin || user.isAdmin)
              .map((l) => (
                <li key={l.path}>
                  <a href={href(l.path)} aria-current={active(l.path) ? 'page' : undefined}>
                    {l.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div class="who">
          <span class="who-id" title={user.openid}>
            {user.isAdmin ? <span class="tag tag-admin">管理员</span> : <span class="tag">用户</span>}
            <span class="who-name">{user.openid}</span>
            {info.mode === 'dev' ? <span class="tag tag-dev">开发模式</span> : null}
          </span>
          <button type="button" class="btn btn-link" onClick={onSignOut}>
            {info.mode === 'dev' ? '切换身份' : '退出'}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
