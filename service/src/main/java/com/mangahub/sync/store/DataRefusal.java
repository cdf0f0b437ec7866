package com.mangahub.sync.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL refusing a row for what it holds, told apart from every other failure: SQLState class 22 (data
 * exception: a value out of range, an invalid byte sequence), 54 (program limit exceeded: an index entry too large)
 * and the constraints that judge a row by itself (not null, check, exclusion). Not a uniqueness violation (a race
 * with another writer) and not a lost connection: those are about the moment, not the data, and are retried.
 *
 * @param sqlState PostgreSQL's code, e.g. {@code 23514}
 * @param message  PostgreSQL's message (it may quote the value refused; never bound parameters)
 */
public record DataRefusal(String sqlState, String message) {
    private static final Set<String> DATA_CLASSES = Set.of("22", "54");
    private static final Set<String> ROW_CONSTRAINTS = Set.of("23502", "23514", "23P01");

    /** The refusal behind {@code failure} (a {@link StoreException} or Jdbi's own), if it is one. */
    public static Optional<DataRefusal> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                boolean data = DATA_CLASSES.contains(state.substring(0, 2)) || ROW_CONSTRAINTS.contains(state);
                return data ? Optional.of(new DataRefusal(state, String.valueOf(sql.getMessage()))) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
