package com.mangahub.sync.store;

import java.time.Duration;
import org.jdbi.v3.core.Handle;

/** Upper bounds on how long the rest of a transaction may run a statement or wait for a lock ({@code SET LOCAL}). */
public final class TransactionLimits {
    private TransactionLimits() {}

    /** Applies until the handle's transaction ends; a statement past either bound fails, and so does the transaction. */
    public static void apply(Handle h, Duration statementTimeout, Duration lockTimeout) {
        // set_config(..., true) is SET LOCAL with bind parameters
        h.createQuery("select set_config('statement_timeout', :statement, true) as statement_timeout, "
                        + "set_config('lock_timeout', :lock, true) as lock_timeout")
                .bind("statement", statementTimeout.toMillis() + "ms")
                .bind("lock", lockTimeout.toMillis() + "ms")
                .mapToMap()
                .one();
    }
}
