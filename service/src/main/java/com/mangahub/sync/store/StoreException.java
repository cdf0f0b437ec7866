package com.mangahub.sync.store;

/** Anything that went wrong talking to PostgreSQL or with the data directory. Unchecked; maps to exit code 1. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or anything that caused it is a {@code type}. */
    static boolean inChain(Throwable failure, Class<? extends StoreException> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
            if (t.getCause() == t) return false;
        }
        return false;
    }
}
