package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 29: a start that finds every shipped migration applied leaves Flyway unloaded; any other goes to Flyway. */
@ExtendWith(PostgresExtension.class)
class AppliedSchemaTest {
    @Test
    void aMigratedDatabaseIsUpToDateAtFlywaysVersionAndOneMigrationMissingOrFailedIsNot(Database db) {
        assertThat(AppliedSchema.shipped()).contains("1", "7.2", "10.1").hasSizeGreaterThan(10);
        assertThat(db.inTransaction(AppliedSchema::upToDate)).as("as Flyway reads its history")
                .contains(db.migrations().current());

        assertThat(upToDateAfter(db, "update flyway_schema_history set success = false where version = '7.2'"))
                .as("a failed migration").isEmpty();
        assertThat(upToDateAfter(db, "delete from flyway_schema_history where version = '"
                + db.migrations().current() + "'")).as("the newest one pending").isEmpty();
        assertThat(upToDateAfter(db, "insert into flyway_schema_history (installed_rank, version, description, type, "
                + "script, installed_by, execution_time, success) values (9999, '999.1', 'from a newer build', 'SQL', "
                + "'V999_1__newer.sql', 'test', 0, true)")).as("one applied that this build does not ship").isEmpty();
        assertThat(db.inTransaction(AppliedSchema::upToDate)).as("each change was rolled back").isPresent();
    }

    /** The answer after {@code sql}, in one transaction that is rolled back: the shared test database stays migrated. */
    private static Optional<String> upToDateAfter(Database db, String sql) {
        return db.inTransaction(h -> {
            h.execute(sql);
            Optional<String> answer = AppliedSchema.upToDate(h);
            h.rollback();
            return answer;
        });
    }
}
