package com.mangahub.sync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN on one connection of its own: the triggers of migration V7_2 signal {@link #OUTBOX} when an
 * outbox event is committed and {@link #NOTIFICATIONS} when notification rows are, by any instance; the trigger of
 * V15_3 signals {@link #READERS} with a reader's id when their token changes, they are disabled or deleted. Each
 * signal runs the callbacks registered for its channel (a dispatcher's or a feed's {@code wake}, a revocation's
 * check of that reader), with the signal's payload. The listeners poll anyway, so a lost connection only costs
 * latency: it is re-established with a growing pause, and nothing waits for it.
 */
public final class DatabaseSignals implements AutoCloseable {
    public static final String OUTBOX = "mangahub_outbox";
    public static final String NOTIFICATIONS = "mangahub_notifications";
    public static final String READERS = "mangahub_readers";
    private static final Logger log = LoggerFactory.getLogger(DatabaseSignals.class);
    private static final int RECEIVE_TIMEOUT_MS = 1_000;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Database db;
    private final Map<String, List<Consumer<String>>> callbacks = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;
    /** Released when the database comes back, so the pause before reconnecting ends then rather than at its end. */
    private final Semaphore recovered = new Semaphore(0);

    public DatabaseSignals(Database db) {
        this.db = db;
        db.availability().ifPresent(a -> a.onRecovery(() -> {
            if (recovered.availablePermits() == 0) recovered.release();
        }));
    }

    /** Runs {@code callback} on the listening thread whenever {@code channel} is signalled; keep it short. */
    public DatabaseSignals on(String channel, Runnable callback) {
        return onPayload(channel, payload -> callback.run());
    }

    /** Runs {@code callback} with the signal's payload (empty when none) on the listening thread; keep it short. */
    public DatabaseSignals onPayload(String channel, Consumer<String> callback) {
        if (!channel.matches("[a-z_]+")) throw new IllegalArgumentException("not a channel name: " + channel);
        if (thread != null) throw new IllegalStateException("register callbacks before start()");
        callbacks.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(callback);
        return this;
    }

    public synchronized DatabaseSignals start() {
        if (thread != null) throw new IllegalStateException("signals already started");
        running = true;
        thread = Thread.ofPlatform().name("db-signals").daemon(true).start(this::loop);
        return this;
    }

    /** True while a LISTEN connection is open (for tests and health: false means "polling only"). */
    public boolean listening() {
        return listening;
    }

    private void loop() {
        Duration pause = Duration.ofSeconds(1);
        while (running) {
            try (Connection c = db.connection()) {
                listen(c);
                pause = Duration.ofSeconds(1);
                receive(c.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) return;
                log.warn("database signals lost ({}); polling alone until they are back, retrying in {} s",
                        e.getMessage(), pause.toSeconds());
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            // channel names are our own constants, never input: LISTEN takes no bind parameters
            for (String channel : callbacks.keySet()) st.execute("listen " + channel);
        }
        listening = true;
    }

    private void receive(PGConnection pg) throws SQLException {
        while (running) {
            PGNotification[] received = pg.getNotifications(RECEIVE_TIMEOUT_MS);
            if (received == null) continue;
            for (PGNotification n : received) {
                for (Consumer<String> callback : callbacks.getOrDefault(n.getName(), List.of())) {
                    run(callback, n.getName(), n.getParameter() == null ? "" : n.getParameter());
                }
            }
        }
    }

    /** A failing callback is logged and the others still run: one wake-up must not end the listening. */
    private static void run(Consumer<String> callback, String channel, String payload) {
        try {
            callback.accept(payload);
        } catch (RuntimeException e) {
            log.warn("a callback for {} failed: {}", channel, e.toString());
        }
    }

    private void sleep(Duration pause) {
        try {
            // a recovery that came while connecting counts too: its permit ends this pause at once
            if (recovered.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) log.info("database back: listening again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) return;
        try {
            t.join(Duration.ofMillis(RECEIVE_TIMEOUT_MS * 3L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listening = false;
    }
}
