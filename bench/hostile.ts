// Crafted uploads against the running service: for the worst file of each crafted kind (see
// test/support/hostile-pdf.ts) at 1, 5 and 20 MB, posted anonymously to /api/verify over
// loopback HTTP, one at a time: the wall time to the answer, the latency of /healthz asked every
// 10 ms meanwhile (open loop, so a stalled service thread shows as late answers: p99 and max),
// the service thread's event-loop delay (monitorEventLoopDelay, p99) and the process's RSS growth
// (peak during the request over the level before it). Target per line: answered in ≤ 2 s,
// /healthz p99 ≤ 100 ms, RSS growth ≤ 128 MB. A legitimate 20 MB, 420-page PDF stamped through
// /api/seals/:id/stamp and verified through /api/seals/verify is printed beside them.
// The service is the real one (SQLite, memory store) with its default worker pool, on the main
// thread; the uploading client and the poller run on worker threads of their own, as separate
// processes would. CPU is the whole process's (service, pool, clients and poller) per request.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const TARGET = { ms: 2_000, healthP99: 100, rssMb: 128 };
const SIZES_MB = [1, 5, 20];
const UPLOAD_LIMIT = 20 * 1024 * 1024;

/** One upload as the uploading thread saw it. */
interface Sent { status: number; type: string; body: string; bytes: number; ms: number }
/** /healthz meanwhile, as the polling thread saw it. */
interface Polled { healthP99: number; healthMax: number; polls: number; peakRss: number }

/** The uploading client (a worker thread), so that sending 20 MB costs the service thread nothing. */
function runUploader(url: string): void {
  parentPort!.on('message', (m: { path: string; headers: Record<string, string>; body: ArrayBuffer }) => {
    void (async () => {
      const t = performance.now();
      const res = await fetch(`${url}${m.path}`, { method: 'POST', headers: m.headers, body: new Uint8Array(m.body) });
      const body = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      parentPort!.postMessage({ status: res.status, type, body: type.startsWith('application/json') ? body.toString() : '', bytes: body.length, ms: performance.now() - t } satisfies Sent);
    })();
  });
}

/**
 * The /healthz poller (a worker thread of its own): from 'start' to 'stop' asks every 10 ms, open
 * loop (each poll leaves at its time whatever the earlier ones are doing, and counts from then),
 * and samples the process's RSS.
 */
function runPoller(url: string): void {
  let done = true;
  parentPort!.on('message', (m: string) => {
    if (m === 'stop') { done = true; return; }
    done = false;
    void (async () => {
      const latencies: number[] = [];
      const polls: Promise<void>[] = [];
      let peakRss = process.memoryUsage().rss;
      const start = performance.now();
      for (let i = 0; !done; i++) {
        const due = start + i * 10;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        polls.push(fetch(`${url}/healthz`).then((r) => r.arrayBuffer()).then(() => { latencies.push(performance.now() - due); }));
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      await Promise.all(polls);
      latencies.sort((a, b) => a - b);
      const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
      parentPort!.postMessage({ healthP99: q(0.99), healthMax: latencies.at(-1) ?? NaN, polls: latencies.length, peakRss } satisfies Polled);
    })();
  });
}

if (!isMainThread) {
  const { url, role } = workerData as { url: string; role: 'uploader' | 'poller' };
  if (role === 'uploader') runUploader(url);
  else runPoller(url);
} else {
  const { HOSTILE_KINDS, hostilePdf } = await import('../test/support/hostile-pdf.ts');
  const { largePdf } = await import('../test/pdf/fixtures.ts');
  const { startOidcService } = await import('../test/support/oidc-service.ts');
  const { sealDesk } = await import('../test/http/seals-kit.ts');

  const svc = await startOidcService();
  const desk = await sealDesk(svc);
  const tokens: Record<string, string> = {};
  for (const login of ['K001', 'P001', 'C001']) tokens[login] = await desk.signIn(login);
  const api = async (path: string, login: string, body: unknown) => (await fetch(`${svc.url}${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens[login]}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  })).json() as Promise<{ seal: { id: string } }>;
  const sealId = (await api('/api/seals', 'K001', { kind: 'contract', owner: { kind: 'department', id: 'amr' }, validityYears: 3 })).seal.id;
  await api(`/api/seals/${sealId}/approve`, 'P001', { reason: '材料齐全' });
  await api(`/api/seals/${sealId}/grants`, 'K001', { accountId: desk.ids.C001 });

  const uploader = new Worker(new URL(import.meta.url), { workerData: { url: svc.url, role: 'uploader' } });
  const poller = new Worker(new URL(import.meta.url), { workerData: { url: svc.url, role: 'poller' } });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  interface Line { label: string; seen: Sent & Polled; code: string; loopP99: number; rssMb: number; cpuMs: number }
  async function measure(label: string, path: string, pdf: Uint8Array, headers: Record<string, string> = {}): Promise<Line> {
    const body = new Uint8Array(pdf).buffer;
    await new Promise((r) => setTimeout(r, 200));
    const rss0 = process.memoryUsage().rss;
    const polled = new Promise<Polled>((resolve) => poller.once('message', resolve));
    poller.postMessage('start');
    await new Promise((r) => setTimeout(r, 50));
    const cpu0 = process.cpuUsage();
    loop.reset();
    const answered = new Promise<Sent>((resolve) => uploader.once('message', resolve));
    uploader.postMessage({ path, headers: { 'content-type': 'application/pdf', accept: 'application/json', ...headers }, body }, [body]);
    const sent = await answered;
    const loopP99 = loop.percentile(99) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    poller.postMessage('stop');
    const seen = { ...sent, ...(await polled) };
    let code = `${(seen.bytes / 1e6).toFixed(1)} MB ${seen.type}`;
    if (seen.body !== '') {
      const json = JSON.parse(seen.body) as { error?: { code: string }; verdict?: { result: string }; indication?: string };
      code = json.error?.code ?? json.verdict?.result ?? json.indication ?? '';
    }
    return { label, seen, code, loopP99, rssMb: Math.max(0, seen.peakRss - rss0) / 1024 / 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
  }
  const print = (l: Line) => {
    const s = l.seen;
    const ok = s.ms <= TARGET.ms && s.healthP99 <= TARGET.healthP99 && l.rssMb <= TARGET.rssMb;
    console.log(`${l.label.padEnd(26)} ${String(s.status)} ${l.code.padEnd(26)} ${s.ms.toFixed(0).padStart(6)} ms (CPU ${l.cpuMs.toFixed(0).padStart(5)} ms) · /healthz p99 ${s.healthP99.toFixed(0).padStart(4)} ms (max ${s.healthMax.toFixed(0)}, ${s.polls} polls) · loop delay p99 ${l.loopP99.toFixed(0).padStart(4)} ms · RSS +${l.rssMb.toFixed(0).padStart(3)} MB  ${ok ? 'ok' : 'ABOVE TARGET'}`);
    return ok;
  };

  // Warm: the pool's thread has loaded the readers before anything is timed.
  await measure('warm-up', '/api/verify', hostilePdf('xref-loop', 10_000));
  console.log(`targets: answered in ≤ ${TARGET.ms} ms, /healthz p99 ≤ ${TARGET.healthP99} ms, RSS growth ≤ ${TARGET.rssMb} MB`);
  // Wall times stretch with the machine's load; the CPU time of the whole process (service, pool
  // and clients) for each request does not.
  console.log(`${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  let above = 0;
  for (const kind of HOSTILE_KINDS) {
    for (const mb of SIZES_MB) {
      let pdf = hostilePdf(kind, mb * 1_000_000);
      // A few kinds overshoot the size asked; the 20 MB file must stay under the upload limit.
      if (pdf.length > UPLOAD_LIMIT) pdf = hostilePdf(kind, Math.floor((mb * 1_000_000 * UPLOAD_LIMIT * 0.97) / pdf.length));
      if (!print(await measure(`${kind} ${(pdf.length / 1e6).toFixed(1)} MB`, '/api/verify', pdf))) above++;
    }
  }

  // The 420-page file is 21 MB, above the public upload limit (20 MiB); the seal API reads it.
  const big = await largePdf(20);
  const auth = { authorization: `Bearer ${tokens.C001}` };
  print(await measure(`legit stamp ${(big.length / 1e6).toFixed(1)} MB`, `/api/seals/${sealId}/stamp?page=420&x=450&y=150&reason=bench`, big, auth));
  const stamped = Buffer.from(await (await fetch(`${svc.url}/api/seals/${sealId}/stamp?page=1&x=450&y=150&reason=bench`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/pdf' }, body: big,
  })).arrayBuffer());
  print(await measure(`legit seal verify ${(stamped.length / 1e6).toFixed(1)} MB`, '/api/seals/verify', stamped, auth));
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${above} of ${HOSTILE_KINDS.length * SIZES_MB.length} crafted uploads above target`);

  loop.disable();
  await uploader.terminate();
  await poller.terminate();
  await svc.stop();
  process.exit(0);
}
