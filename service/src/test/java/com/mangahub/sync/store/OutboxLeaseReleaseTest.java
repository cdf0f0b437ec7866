package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Claims a dispatcher held when its database went away are given back at once, the attempt not counted. */
@ExtendWith(PostgresExtension.class)
class OutboxLeaseReleaseTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void releasedClaimsAreDueAgainAtOnceWithTheirAttemptUncountedAndOthersClaimsStay(Database db) {
        OutboxStore outbox = new OutboxStore(db);
        long manga = db.inTransaction(h -> h.createQuery("insert into manga (mangadex_id, slug, title) "
                + "values (:id, 'lease', 'Lease') returning id").bind("id", UUID.randomUUID()).mapTo(Long.class).one());
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            outbox.enqueue(OutboxWriter.Type.NEW_CHAPTER, manga, "{\"chapter\":\"" + i + "\"}", null, now);
        }
        List<OutboxStore.OutboxEvent> ours = outbox.claim("ours", now, LEASE, 2, 10);
        List<OutboxStore.OutboxEvent> theirs = outbox.claim("theirs", now, LEASE, 2, 10);
        assertThat(ours).hasSize(2);
        assertThat(theirs).hasSize(1);
        assertThat(outbox.claim("ours", now, LEASE, 10, 10)).as("all leased").isEmpty();

        assertThat(outbox.releaseLeases("ours")).isEqualTo(2);

        List<OutboxStore.OutboxEvent> again = outbox.claim("ours", now, LEASE, 10, 10);
        assertThat(again).extracting(OutboxStore.OutboxEvent::id)
                .containsExactlyElementsOf(ours.stream().map(OutboxStore.OutboxEvent::id).toList());
        assertThat(again).extracting(OutboxStore.OutboxEvent::attempts).as("the lost round does not count").containsOnly(1);
        assertThat(outbox.releaseLeases("nobody")).isZero();
    }
}
