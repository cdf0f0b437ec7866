// The live stream of a reader's notifications: server-sent events read with fetch (with the session cookie, and a
// Last-Event-ID EventSource could not set on the first request), parsed here, and reconnected from the last id seen with a growing pause, so the server
// replays whatever arrived meanwhile and nothing is shown twice.

import { $ } from './dom.js';
import { at } from './api.js';

const MIN_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30000;

function setLive(live) {
  const pill = $('live');
  pill.hidden = false;
  pill.textContent = live ? 'live' : 'reconnecting…';
  pill.className = 'pill ' + (live ? 'live' : 'down');
}

/**
 * Follows the stream until the controller aborts; onNotification gets each compact notification, lastId() says
 * where to resume. A refused token ends the stream (onRefused).
 */
export async function followStream(controller, lastId, onNotification, onRefused) {
  let pause = MIN_PAUSE_MS;
  while (!controller.signal.aborted) {
    try {
      const response = await fetch(at('/api/me/notifications/stream'), {
        headers: { 'Accept': 'text/event-stream', 'Last-Event-ID': String(lastId()) },
        signal: controller.signal,
      });
      if (response.status === 401) {
        onRefused();
        return;
      }
      if (!response.ok) throw new Error('event stream: HTTP ' + response.status);
      setLive(true);
      pause = MIN_PAUSE_MS;
      await readFrames(response.body, onNotification);
    } catch (e) {
      if (controller.signal.aborted) return;
    }
    setLive(false);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(MAX_PAUSE_MS, pause * 2);
  }
}

async function readFrames(body, onNotification) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
      if (data) onNotification(JSON.parse(data)); // no data: a heartbeat comment
    }
  }
}

export function stopped() {
  const pill = $('live');
  pill.textContent = 'offline';
  pill.className = 'pill down';
  pill.hidden = true;
}
