package com.mangahub.sync.store;

/**
 * Every pooled connection stayed in use for the whole wait ({@link GatedPool#BUDGET}): the database is up but this
 * process has more work for it than connections, as during 10,000 streams reconnecting at once. The work may be
 * retried shortly; the HTTP edge answers it with a 503 and {@code Retry-After}, not a 500.
 */
public final class DatabaseBusyException extends StoreException {
    public DatabaseBusyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or anything that caused it is this exception. */
    public static boolean isCauseOf(Throwable failure) {
        return inChain(failure, DatabaseBusyException.class);
    }
}
