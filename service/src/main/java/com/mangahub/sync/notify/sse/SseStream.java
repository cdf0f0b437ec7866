package com.mangahub.sync.notify.sse;

import com.mangahub.sync.reader.LiveCredentials;
import com.mangahub.sync.notify.NotificationJson;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpOutput;

/**
 * One connected SSE client. Registered for live rows before it reads its backlog, so nothing committed in between
 * is missed; ids at or below what was already sent are skipped, so nothing is sent twice. A client too slow for
 * its queue falls back to reading the log.
 */
final class SseStream {
    private static final int PAGE = 200;
    private static final int MAX_QUEUED = 1_000;

    private final SseClient client;
    private final long userId;
    private final byte[] tokenFingerprint;
    private final NotificationLog notificationLog;
    private final NotificationJson json;
    private final NotifyMetrics metrics;
    private final Duration heartbeat;
    /** Bounded but not preallocated: an ArrayBlockingQueue would hold 4 KB per idle stream, 40 MB for 10,000. */
    private final BlockingQueue<NotificationRow> live = new LinkedBlockingQueue<>(MAX_QUEUED);
    private volatile boolean overflowed;
    private volatile boolean ended;
    private volatile Thread runner;
    private long cursor;

    SseStream(SseClient client, long userId, byte[] tokenFingerprint, long cursor, NotificationLog notificationLog, NotificationJson json,
              NotifyMetrics metrics, Duration heartbeat) {
        this.client = client;
        this.userId = userId;
        this.tokenFingerprint = tokenFingerprint;
        this.cursor = cursor;
        this.notificationLog = notificationLog;
        this.json = json;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    void offer(List<NotificationRow> rows) {
        for (NotificationRow r : rows) {
            if (!live.offer(r)) overflowed = true;
        }
    }

    /** Streams until the client goes away (its watch reports the close, or a failed write marks it terminated). */
    void run() {
        runner = Thread.currentThread();
        sendBacklog();
        while (!client.terminated() && !ended) {
            NotificationRow first;
            try {
                first = live.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (overflowed) {
                overflowed = false;
                live.clear();
                sendBacklog();
            } else if (first == null) {
                client.sendComment("heartbeat");
            } else {
                List<NotificationRow> rows = new ArrayList<>(List.of(first));
                live.drainTo(rows);
                send(rows);
            }
        }
    }

    /**
     * One event, written as one gathering write straight to the connection (Jetty's {@code write(ByteBuffer)} skips
     * the response buffer): the same bytes as Javalin's {@code sendEvent} (id, event, data, blank line), which reads
     * the data line by line through a new 8 KB BufferedReader and writes each field on its own. Compact JSON has no
     * line breaks; anything else goes through Javalin, which splits it into data lines. False when the client is gone:
     * a close its watch reported before the write (a write to a socket whose peer has sent its FIN still succeeds),
     * or a failed write (the stream is then terminated). A close reported after a write that succeeded does not take
     * the event back: a client that reads its last event and closes at once sends its FIN while this thread is still
     * between the write and the credit, and it did read that event.
     */
    private boolean write(String type, String data, long id) {
        if (ended || client.terminated()) return false;
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            client.sendEvent(type, data, Long.toString(id));
            return !client.terminated();
        }
        byte[] frame = ("id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        try {
            ((HttpOutput) client.ctx().res().getOutputStream()).write(ByteBuffer.wrap(frame));
            return true;
        } catch (IOException e) {
            // as Javalin's emitter does on a failed write: the stream ends and its close callback runs
            client.close();
            return false;
        }
    }

    /** Whether the credential this stream was opened with is still among its reader's live ones. */
    boolean openedWithOneOf(LiveCredentials current) {
        return current.admits(tokenFingerprint);
    }

    /**
     * Makes {@link #run} return soon, from another thread (shutdown, its token stopped working, or its client closed
     * its end); nothing is written or credited after it.
     */
    void end() {
        ended = true;
        Thread t = runner;
        if (t != null) t.interrupt();
    }

    private void sendBacklog() {
        List<NotificationRow> page;
        do {
            page = notificationLog.after(userId, cursor, PAGE);
            send(page);
        } while (page.size() == PAGE && !client.terminated() && !ended);
    }

    private void send(List<NotificationRow> rows) {
        List<NotificationRow> sent = new ArrayList<>();
        for (NotificationRow r : rows) {
            // an ended stream (its token revoked) sends nothing more, not even what it had already been handed
            if (ended) break;
            if (r.id() <= cursor) continue;
            if (!write(r.type(), json.compact(r), r.id())) break;
            cursor = r.id();
            sent.add(r);
        }
        if (sent.isEmpty()) return;
        notificationLog.delivered(sent);
        metrics.delivery("sse", "sent", sent.size());
    }
}
