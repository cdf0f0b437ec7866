package com.mangahub.sync;

import com.mangahub.sync.store.DatabaseAvailability;
import com.mangahub.sync.store.DatabaseBusyException;
import com.mangahub.sync.store.DatabaseUnavailableException;
import com.mangahub.sync.web.Outage;
import java.util.Optional;

/**
 * The database as the HTTP edge's {@link Outage}: out while the supervisor's flag says it is down, and the cause of
 * any request failure whose chain holds a {@link DatabaseUnavailableException}; busy when it holds a
 * {@link DatabaseBusyException} (up, but every pooled connection in use). The words shown to clients name no
 * host or port (those stay in the log and on {@code /health}).
 */
record DatabaseOutage(DatabaseAvailability availability) implements Outage {
    @Override
    public Optional<String> current() {
        return availability.up() ? Optional.empty()
                : Optional.of("the database is unavailable (it is being restarted or cannot be reached); try again in "
                        + retryAfter().toSeconds() + " s");
    }

    @Override
    public boolean explains(Throwable failure) {
        return DatabaseUnavailableException.isCauseOf(failure);
    }

    @Override
    public boolean busy(Throwable failure) {
        return DatabaseBusyException.isCauseOf(failure);
    }
}
