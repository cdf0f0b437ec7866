package com.mangahub.sync.store;

/** Anything that went wrong talking to PostgreSQL or with the data directory. Unchecked; maps to exit code 1. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
