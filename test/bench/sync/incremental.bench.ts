/**
 * sync.incremental.latency: one edit on device A shows on device B, both online and signed in, running the
 * real app. B is the care manager's fully synced device (the one sync.initial measured), showing the
 * resident's profile; A is a caregiver of community c-01 (synced: that community's residents and
 * their visits). A edits the resident's nickname in the app's form and saves; the time runs from the click on
 * "save" until B's profile heading shows the new nickname (A's engine pushes, the server's `changed` event
 * pokes B, B pulls and its live query re-renders). Median of 10 edits, one after another. Also printed:
 * the median from A's push request leaving to B showing the edit (the part after the app's deliberate
 * SYNC_AFTER_WRITE_MS wait between a local write and its sync run).
 */
import { ProfilePage } from '../../e2e/pages/ProfilePage';
import { ResidentFormPage } from '../../e2e/pages/ResidentFormPage';
import { passLock } from '../../e2e/pages/SyncPage';
import { SYNC_AFTER_WRITE_MS } from '../../../shared/sync/protocol';
import { median, percentile, round1, type BrowserBench } from '../support';
import { signIn, syncedDevice, syncWorld, waitSynced } from './fixture';

const EDITS = 10;

const bench: BrowserBench = {
  name: 'sync.incremental',
  async run({ browser, log }) {
    const w = await syncWorld();
    const resident = w.data.residents.find((r) => r.data.communityId === 'c-01');
    if (!resident) throw new Error('no resident in c-01');
    const profileUrl = new URL(`#/residents/${resident.id}`, w.url).href;
    const editUrl = new URL(`#/residents/${resident.id}/edit`, w.url).href;

    const b = await syncedDevice(browser, 'bench.manager');
    await b.page.unrouteAll();
    await b.page.goto(profileUrl, { waitUntil: 'load' });
    const profileB = new ProfilePage(b.page);
    // A fresh sign-in asks for a PIN first (the app lock, docs/security.md §3); a reload asks to unlock.
    await passLock(b.page, profileB.root);
    await profileB.waitReady(resident.id);

    const a = await signIn(browser, w, 'bench.carer');
    const countsA = await waitSynced(a.page);
    console.error(`[bench] sync.incremental: device A (c-01) synced ${countsA.residents} residents + ${countsA.visits} visits in ${Math.round(performance.now() - a.clickedAt)} ms`);
    // Both engines are past their start-up runs and have their event streams open before the first edit.
    await new Promise((r) => setTimeout(r, 1500));

    // When A's engine sends its push (the app waits SYNC_AFTER_WRITE_MS after a local write before it syncs).
    let pushSentAt = 0;
    a.page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/sync/push') pushSentAt = performance.now();
    });
    const samples: number[] = [];
    const afterPush: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const nickname = `บ${i}x${Date.now() % 100_000}`;
      await a.page.goto(editUrl, { waitUntil: 'load' });
      const form = new ResidentFormPage(a.page);
      await passLock(a.page, form.form);
      await form.waitReady();
      await form.field('rf.nickname').fill(nickname);
      const t0 = performance.now();
      pushSentAt = 0;
      await form.saveButton.click();
      await profileB.name.filter({ hasText: nickname }).waitFor({ timeout: 30_000 });
      const t1 = performance.now();
      samples.push(t1 - t0);
      if (pushSentAt > 0) afterPush.push(t1 - pushSentAt);
      // A little idle time between edits, as between two people's saves.
      await new Promise((r) => setTimeout(r, 300));
    }
    console.error(`[bench] sync.incremental samples (ms): ${samples.map((s) => Math.round(s)).join(', ')}`);
    const fromPush = afterPush.length > 0 ? round1(median(afterPush)) : -1;
    console.error(`[bench] sync.incremental: from A's push request to B showing the edit (ms): ${afterPush.map((s) => Math.round(s)).join(', ')}`);
    log({
      bench: 'sync.incremental.latency',
      value: round1(median(samples)),
      unit: 'ms',
      target: 2_000,
      samples: samples.length,
      p90: round1(percentile(samples, 90)),
      afterWriteDelayMs: SYNC_AFTER_WRITE_MS,
      fromPushMs: fromPush,
    });
  },
};

export default bench;
