// Loopback tests for the dev identity: the peer address (who connected) and the Host header (what name
// the browser thinks it is talking to). A page on any origin whose name is rebound to 127.0.0.1 reaches
// us from loopback but sends its own name as Host; only loopback names are accepted in dev mode.

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === 'localhost' || a === '::1' || /^127\./.test(a);
}

/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port (and localhost's trailing dot). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(h);
  if (bracketed) return bracketed[1] === '::1';
  const m = /^([^:]+)(?::\d{1,5})?$/.exec(h);
  if (!m || !m[1]) return false;
  const name = m[1];
  return name === 'localhost' || name === 'localhost.' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
