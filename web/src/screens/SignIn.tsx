// Sign-in that matches the server's mode: an identity picker in dev mode on loopback (the server
// accepts the x-licenselens-openid header only there), a server-issued session token otherwise.
import { useState } from 'preact/hooks';
import type { Credentials, SessionInfo } from '../api';

export function SignIn({ info, onSignIn }: { info: SessionInfo; onSignIn: (c: Credentials) => Promise<void> }) {
  return (
    <div class="signin-page">
      <section class="panel signin" aria-labelledby="signin-title">
        <h1 id="signin-title">
          <span class="brand">LicenseLens</span> 控制台
        </h1>
        {info.devIdentity ? <DevPicker info={info} onSignIn={onSignIn} /> : <TokenSignIn info={info} onSignIn={onSignIn} />}
      </section>
    </div>
  );
}

function DevPicker({ info, onSignIn }: { info: SessionInfo; onSignIn: (c: Credentials) => Promise<void> }) {
  const admins = info.adminOpenids ?? [];
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [userId, setUserId] = useState('dev-user');
  const [adminId, setAdminId] = useState(admins[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const openid = (role === 'admin' ? adminId : userId).trim();
    if (!openid) {
      setError('请填写身份标识（openid）');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await onSignIn({ kind: 'dev', openid });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} class="stack">
      <p class="muted">
        开发模式：服务器运行在本机回环地址上，可直接选择身份进入，无需微信登录。此方式在生产环境中不可用。
      </p>
      <fieldset class="role-picker">
        <legend>选择身份</legend>
        <label class={`role ${role === 'user' ? 'role-on' : ''}`}>
          <input type="radio" name="role" value="user" checked={role === 'user'} onChange={() => setRole('user')} />
          <span class="role-title">普通用户</span>
          <span class="role-desc">扫描证件、核对提交、查看自己的记录</span>
        </label>
        <label class={`role ${role === 'admin' ? 'role-on' : ''}`}>
          <input
            type="radio"
            name="role"
            value="admin"
            checked={role === 'admin'}
            disabled={admins.length === 0}
            onChange={() => setRole('admin')}
          />
          <span class="role-title">管理员</span>
          <span class="role-desc">
            {admins.length ? '查看全部记录、统计与导出' : '服务器未配置 ADMIN_OPENIDS，无法以管理员身份进入'}
          </span>
        </label>
      </fieldset>
      {role === 'user' ? (
        <label class="field">
          <span class="field-label">用户标识（openid）</span>
          <input class="input" name="openid" value={userId} onInput={(e) => setUserId(e.currentTarget.value)} autoComplete="off" />
        </label>
      ) : (
        <label class="field">
          <span class="field-label">管理员</span>
          <select class="input" name="admin" value={adminId} onChange={(e) => setAdminId(e.currentTarget.value)}>
            {admins.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      )}
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? '正在进入…' : '进入控制台'}
      </button>
    </form>
  );
}

function TokenSignIn({ info, onSignIn }: { info: SessionInfo; onSignIn: (c: Credentials) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!token.trim()) {
      setError('请粘贴会话令牌');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await onSignIn({ kind: 'token', token: token.trim() });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} class="stack">
      <p class="muted">
        {info.mode === 'dev'
          ? '服务器处于开发模式，但未绑定在本机回环地址上，因此不接受开发身份。请使用服务器签发的会话令牌登录。'
          : '生产模式：请使用服务器签发的会话令牌登录（由小程序 wx.login 登录后换取）。令牌只保存在本浏览器中。'}
      </p>
      <label class="field">
        <span class="field-label">会话令牌</span>
        <textarea class="input" name="token" rows={3} value={token} onInput={(e) => setToken(e.currentTarget.value)} spellcheck={false} />
      </label>
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? '正在验证…' : '登录'}
      </button>
    </form>
  );
}
