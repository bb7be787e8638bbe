package io.webops.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database from before versions were kept (schema V18) keeps each workflow's current document as its one version. */
class VersionsMigrationTest {

    @Test
    void existingWorkflowsGetTheirCurrentDocumentAsTheirOnlyVersion() throws Exception {
        String url = "jdbc:h2:mem:versions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure(getClass().getClassLoader()).dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").target("18").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO workflows (id, name, status, version, document, created_at, updated_at, owner_id) VALUES"
                    + " ('wf-old', 'Old', 'active', 7, '{\"v\":7}', TIMESTAMP WITH TIME ZONE '2025-01-01 10:00:00+00',"
                    + " TIMESTAMP WITH TIME ZONE '2025-02-01 10:00:00+00', 'owner-1')");
        }

        try (Store store = Store.open(url, "sa", "", "this-instance")) {
            assertThat(store.workflowVersions().list("wf-old", 10, null).items()).containsExactly(new WorkflowVersion(
                    "wf-old", 7, "{\"v\":7}", "owner-1", java.time.Instant.parse("2025-02-01T10:00:00Z"), "before versions were kept"));
            assertThat(store.workflowVersions().get("wf-old", 6)).isEmpty();

            store.workflows().update("wf-old", "Old", "{\"v\":8}", "owner-1", null);
            assertThat(store.workflowVersions().list("wf-old", 10, null).items()).extracting(WorkflowVersion::version)
                    .containsExactly(8, 7);
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
