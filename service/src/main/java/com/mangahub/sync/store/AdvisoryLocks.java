package com.mangahub.sync.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * PostgreSQL advisory locks, the way instances sharing the database take turns: transaction-scoped ones that
 * serialise writers until commit, and session-scoped named ones held on a connection of their own for as long as a
 * workflow runs, so a process that dies releases them with its connection.
 */
public final class AdvisoryLocks {
    private static final String PREFIX = "mangahub-sync:";
    private final Database db;

    public AdvisoryLocks(Database db) {
        this.db = db;
    }

    /** Waits for the lock {@code key}, held until the handle's transaction ends. */
    static void forTransaction(Handle h, long key) {
        h.createQuery("select pg_advisory_xact_lock(:key)").bind("key", key).mapToMap().one();
    }

    /** Takes the session lock named {@code name} on a connection of its own; empty when another session holds it. */
    public Optional<Held> tryHold(String name) {
        Handle h = null;
        try {
            h = db.open();
            boolean taken = h.createQuery("select pg_try_advisory_lock(hashtext(:name))")
                    .bind("name", PREFIX + name).mapTo(Boolean.class).one();
            if (taken) return Optional.of(new Held(h, name));
            h.close();
            return Optional.empty();
        } catch (RuntimeException e) {
            if (h != null) h.close();
            throw e instanceof JdbiException jdbi ? failure(name, jdbi) : e;
        }
    }

    /** A session lock being held; {@link #release} unlocks it and gives its connection back. */
    public static final class Held {
        private final Handle handle;
        private final String name;

        private Held(Handle handle, String name) {
            this.handle = handle;
            this.name = name;
        }

        public void release() {
            try (Handle h = handle) {
                h.createQuery("select pg_advisory_unlock(hashtext(:name))")
                        .bind("name", PREFIX + name).mapTo(Boolean.class).one();
            } catch (JdbiException e) {
                throw failure(name, e);
            }
        }
    }

    private static StoreException failure(String name, JdbiException e) {
        return new StoreException("cannot take the lock of " + name + ": " + Database.sqlMessage(e), e);
    }
}
