package com.mangahub.sync.store;

/**
 * The database cannot be reached right now (it died, is restarting, or refuses connections): the work may simply be
 * retried shortly. Thrown at once while {@link DatabaseAvailability} says the database is down, instead of after a
 * pool timeout, and for a statement whose connection was lost under it. The HTTP edge answers it with a 503 and
 * {@code Retry-After} rather than a 500.
 */
public final class DatabaseUnavailableException extends StoreException {
    public DatabaseUnavailableException(String message) {
        super(message);
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or anything that caused it is this exception: the outage's doing, not a bug. */
    public static boolean isCauseOf(Throwable failure) {
        return inChain(failure, DatabaseUnavailableException.class);
    }
}
