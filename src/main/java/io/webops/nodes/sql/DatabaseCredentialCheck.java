package io.webops.nodes.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.Vault;
import io.webops.model.ValidationError;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses a database credential whose JDBC URL the SQL nodes would refuse when they run
 * ({@link JdbcUrlPolicy}), when it is created or changed, so the operator hears of it at once.
 */
public final class DatabaseCredentialCheck implements Vault.FieldCheck {

    private final JdbcUrlPolicy policy;

    /**
     * @param dataDir  the data folder
     * @param storeUrl the JDBC URL of the runtime's own store
     */
    public DatabaseCredentialCheck(Path dataDir, String storeUrl) {
        this.policy = new JdbcUrlPolicy(dataDir, storeUrl);
    }

    @Override
    public List<ValidationError> problems(ObjectNode fields) {
        return policy.problem(fields.path("jdbc_url").asText(null))
                .map(p -> List.of(ValidationError.ofDocument("fields.jdbc_url", "Credential (database): " + p)))
                .orElse(List.of());
    }
}
