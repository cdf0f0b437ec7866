package com.mangahub.sync.store;

import java.util.function.Function;

/**
 * One store twice: over the primary, and over the primary's {@link Database#lagTolerant() lag-tolerant} view. A
 * route asks for the one its reader may read: the primary right after the reader's own write
 * ({@link RecentWrites}), else the view, which reads the replica while it is in use.
 */
public final class ReplicaReads<S> {
    private final S primary;
    private final S lagTolerant;
    private final RecentWrites writes;

    public ReplicaReads(Database db, Function<Database, S> store, RecentWrites writes) {
        this(store.apply(db), store.apply(db.lagTolerant()), writes);
    }

    private ReplicaReads(S primary, S lagTolerant, RecentWrites writes) {
        this.primary = primary;
        this.lagTolerant = lagTolerant;
        this.writes = writes;
    }

    /** Every read on this one store (components built without a replica, as in tests of one part). */
    public static <S> ReplicaReads<S> primaryOnly(S store) {
        return new ReplicaReads<>(store, store, RecentWrites.none(java.time.Clock.systemUTC()));
    }

    /** The store for this reader's reads: the primary if they wrote within the window. */
    public S forReader(long userId) {
        return writes.recent(userId) ? primary : lagTolerant;
    }

    /** The store for reads no write of the caller's can be in (the catalogue's pages). */
    public S lagTolerant() {
        return lagTolerant;
    }

    /** The store for reads that must see what was just written. */
    public S primary() {
        return primary;
    }
}
