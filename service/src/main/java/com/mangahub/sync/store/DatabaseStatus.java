package com.mangahub.sync.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * What {@code db status} reports: the schema version and the migrations pending, row counts, the outbox backlog and each workflow's state, read
 * in one transaction. Times stay PostgreSQL's own text, as an operator reads them in psql.
 */
public record DatabaseStatus(String schemaVersion, List<String> pendingMigrations, Map<String, Long> rowCounts,
                             long pendingOutbox, List<Workflow> workflows) {
    /** The tables counted, in the order they are reported. */
    private static final List<String> TABLES = List.of("manga", "chapters", "tags", "users", "user_library",
            "notifications", "outbox", "jobs");

    /** One {@code sync_state} row; null fields are absent. */
    public record Workflow(String workflow, String status, String lastRunAt, String lastSuccessAt,
                           String errorMessage) {}

    public static DatabaseStatus read(Database db) {
        // Flyway orders versions numerically; max(version) over the history's text column would call 7.2 newer than 10.1
        Database.Migrations migrations = db.migrations();
        return db.inTransaction(h -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            // table names are the constants above, never input
            for (String table : TABLES) {
                counts.put(table, h.createQuery("select count(*) from " + table).mapTo(Long.class).one());
            }
            long pending = h.createQuery("select count(*) from outbox where status = 'pending'").mapTo(Long.class).one();
            List<Workflow> workflows = h.createQuery("select workflow, status, last_run_at::text as last_run_at, "
                            + "last_success_at::text as last_success_at, error_message from sync_state order by workflow")
                    .map(ConstructorMapper.of(Workflow.class))
                    .list();
            return new DatabaseStatus(migrations.current(), migrations.pending(), counts, pending, workflows);
        });
    }
}
