package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.DatabaseUrl;
import com.mangahub.sync.support.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external PostgreSQL (by URL) that goes away: reached through a TCP relay in front of the tests' server, which
 * the test cuts (every connection reset, the port refusing) and restores. Requests fail fast and the database is
 * marked down; the supervisor never tries to start anything, only probes, and marks it up once the port answers.
 * And a reachable server whose every pooled connection stays busy: a busy failure, not an outage.
 */
@ExtendWith(PostgresExtension.class)
class ExternalOutageTest {
    @TempDir
    Path dataDir;

    @Test
    void anUnreachableExternalServerFailsFastIsNotStartedAndIsBackOnceItAnswers(Database shared) throws Exception {
        var pool = (com.zaxxer.hikari.HikariDataSource) shared.dataSource();
        URIish target = URIish.of(pool.getJdbcUrl());
        try (Relay relay = new Relay(target.port())) {
            String url = "jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + target.database() + "?user=" + pool.getUsername();
            try (Database db = Database.open(new Config.Storage(dataDir, Optional.of(DatabaseUrl.parse("MANGAHUB_DATABASE_URL", url)), 2))) {
                DatabaseSupervisor supervisor = db.supervise(Clock.systemUTC());
                assertThat(select1(db)).isEqualTo(1);

                relay.cut();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> select1(db)).isInstanceOf(DatabaseUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
                // the connection in hand was reset, or a new one refused: either way the flag is down now
                if (supervisor.availability().up()) assertThatThrownBy(() -> select1(db)).isInstanceOf(DatabaseUnavailableException.class);
                assertThat(supervisor.availability().up()).isFalse();
                t0 = System.nanoTime();
                assertThatThrownBy(() -> select1(db)).isInstanceOf(DatabaseUnavailableException.class);
                // from the flag, not a wait for a connection (the pool waits in 250 ms slices)
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("at once while down").isLessThan(Duration.ofMillis(200));

                supervisor.runOnce();
                assertThat(supervisor.availability().up()).as("still unreachable").isFalse();
                assertThat(supervisor.restarts()).as("an external server is never started by us").isZero();

                relay.restore();
                supervisor.runOnce();

                assertThat(supervisor.availability().up()).isTrue();
                assertThat(select1(db)).isEqualTo(1);
            }
        }
    }

    @Test
    void aPoolWhoseConnectionsStayBusyFailsAsBusyNotAsAnOutage(Database shared) throws Exception {
        var pool = (com.zaxxer.hikari.HikariDataSource) shared.dataSource();
        String url = pool.getJdbcUrl() + (pool.getJdbcUrl().contains("?") ? "&" : "?") + "user=" + pool.getUsername();
        try (Database db = Database.open(new Config.Storage(dataDir, Optional.of(DatabaseUrl.parse("MANGAHUB_DATABASE_URL", url)), 2))) {
            DatabaseSupervisor supervisor = db.supervise(Clock.systemUTC());
            // the smallest pool the configuration allows (migrations need two), every connection held
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(2);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            List<Thread> holders = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holders.add(Thread.ofVirtual().start(() -> db.inTransaction(h -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 0;
                })));
            }
            holding.await();
            try {
                long t0 = System.nanoTime();
                Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> select1(db));
                assertThat(DatabaseBusyException.isCauseOf(failure)).as("busy: %s", failure).isTrue();
                assertThat(DatabaseUnavailableException.isCauseOf(failure)).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("it waited the whole budget first")
                        .isGreaterThanOrEqualTo(GatedPool.BUDGET);
                assertThat(supervisor.availability().up()).as("a busy database is not a down one").isTrue();
            } finally {
                release.countDown();
                for (Thread holder : holders) holder.join();
            }
            assertThat(select1(db)).isEqualTo(1);
        }
    }

    private static int select1(Database db) {
        return db.inTransaction(h -> h.createQuery("select 1").mapTo(Integer.class).one());
    }

    /** Host, port and database of a jdbc:postgresql URL. */
    record URIish(int port, String database) {
        static URIish of(String jdbcUrl) {
            java.net.URI u = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
            return new URIish(u.getPort(), u.getPath().substring(1));
        }
    }

    /** A TCP relay on a port of its own to 127.0.0.1:target: cut resets everything and refuses, restore listens again. */
    static final class Relay implements AutoCloseable {
        private final int target;
        private final int port;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile ServerSocket listener;

        Relay(int target) throws IOException {
            this.target = target;
            this.listener = listen(0);
            this.port = listener.getLocalPort();
            accept(listener);
        }

        int port() {
            return port;
        }

        private ServerSocket listen(int on) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
            return s;
        }

        private void accept(ServerSocket s) {
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket client = s.accept();
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(client);
                        open.add(server);
                        pipe(client, server);
                        pipe(server, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void pipe(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException closed) {
                    // the relay was cut or a side closed: the other side is closed below
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            });
        }

        void cut() throws IOException {
            listener.close();
            for (Socket s : open) {
                try {
                    s.setSoLinger(true, 0); // a reset, as a dead server's host answers
                } catch (IOException alreadyClosed) {
                    // nothing to reset
                }
                closeQuietly(s);
            }
            open.clear();
        }

        void restore() throws IOException {
            listener = listen(port);
            accept(listener);
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}
