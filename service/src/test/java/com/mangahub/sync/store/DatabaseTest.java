package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.support.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DatabaseTest {

    @Test
    void migratedSchemaHasOneSyncStateRowPerWorkflow(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select workflow from sync_state order by workflow")) {
            var names = new java.util.ArrayList<String>();
            while (rs.next()) names.add(rs.getString(1));
            assertThat(names).containsExactly("chapter_check", "initial_sync", "library_sources", "new_manga_poll", "reconcile");
        }
    }

    @Test
    void aTransactionThatThrowsLeavesNothingBehind(Database db) throws SQLException {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> db.inTransaction(c -> {
            insertManga(c, id, "rolled-back");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(countManga(db)).isZero();
        db.inTransaction(c -> insertManga(c, id, "kept"));
        assertThat(countManga(db)).isEqualTo(1);
    }

    @Test
    void slugsMustBeLowercaseHyphenatedWithoutEdgeOrDoubleHyphens(Database db) {
        for (String bad : new String[] {"Upper", "double--hyphen", "-edge", "edge-", "sp ace"}) {
            assertThatThrownBy(() -> db.inTransaction(c -> insertManga(c, UUID.randomUUID(), bad)))
                    .as(bad).isInstanceOf(StoreException.class).hasMessageContaining("manga_slug_check");
        }
    }

    @Test
    void timestampsRoundTripAsInstantsWhateverTheSessionZone(Database db) {
        var instant = java.time.Instant.parse("2019-03-04T12:21:59Z");
        var back = db.inTransaction(h -> h.createQuery("select cast(:at as timestamptz)")
                .bind("at", instant)
                .mapTo(java.time.Instant.class)
                .one());
        assertThat(java.util.TimeZone.getDefault().getID()).isNotEqualTo("UTC");
        assertThat(back).isEqualTo(instant);
    }

    @Test
    void statusReportsTheSchemaVersionRowCountsAndEachWorkflow(Database db) {
        db.inTransaction(h -> insertManga(h, UUID.randomUUID(), "counted"));
        DatabaseStatus status = DatabaseStatus.read(db);
        // the newest migration, compared as a version ("22.2" after "7.2"), not as text
        assertThat(status.schemaVersion()).isEqualTo("31.1");
        assertThat(status.pendingMigrations()).isEmpty();
        assertThat(status.rowCounts()).containsEntry("manga", 1L).containsEntry("notifications", 0L)
                .containsOnlyKeys("manga", "chapters", "tags", "users", "user_library", "notifications", "outbox",
                        "jobs");
        assertThat(status.pendingOutbox()).isZero();
        assertThat(status.workflows()).extracting(DatabaseStatus.Workflow::workflow)
                .containsExactly("chapter_check", "initial_sync", "library_sources", "new_manga_poll", "reconcile");
    }

    @Test
    void aSessionLockIsHeldByOneHolderUntilReleased(Database db) {
        AdvisoryLocks locks = new AdvisoryLocks(db);
        var held = locks.tryHold("test-workflow").orElseThrow();
        assertThat(locks.tryHold("test-workflow")).as("held elsewhere").isEmpty();
        var other = locks.tryHold("another-workflow");
        assertThat(other).as("a lock of its own").isPresent();
        other.get().release();
        held.release();
        locks.tryHold("test-workflow").orElseThrow().release();
    }

    private static int insertManga(Handle h, UUID id, String slug) {
        return h.createUpdate("insert into manga (mangadex_id, slug, title) values (:id, :slug, :slug)")
                .bind("id", id)
                .bind("slug", slug)
                .execute();
    }

    private static int countManga(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from manga")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
