package io.webops.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Master key rotation: every sealed value (credential secrets, webhook secrets in workflow
 * documents) is opened with the current key and sealed with the next one, in one transaction,
 * so the database is never half under one key and half under the other.
 */
public final class KeyRotation {

    /** How many values were re-sealed. */
    public record Counts(int credentials, int workflowSecrets) {
    }

    private KeyRotation() {
    }

    public static Counts rotate(DataSource dataSource, SecretBox current, SecretBox next) {
        Vault vault = new Vault(dataSource, current);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int credentials = vault.reseal(next, c);
                int workflowSecrets = resealWorkflows(c, current, next);
                c.commit();
                return new Counts(credentials, workflowSecrets);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Key rotation failed, nothing changed: " + e.getMessage(), e);
        }
    }

    private static int resealWorkflows(Connection c, SecretBox current, SecretBox next) throws SQLException {
        Map<String, String> changed = new LinkedHashMap<>();
        int[] count = {0};
        try (PreparedStatement ps = c.prepareStatement("SELECT id, document FROM workflows");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                JsonNode doc = Json.parse(rs.getString(2));
                boolean touched = reseal(doc, sealed -> {
                    count[0]++;
                    return next.seal(current.open(sealed, id), id);
                });
                if (touched) {
                    changed.put(id, Json.write(doc));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE workflows SET document = ? WHERE id = ?")) {
            for (Map.Entry<String, String> e : changed.entrySet()) {
                ps.setString(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return count[0];
    }

    /** Replaces every sealed string anywhere in the tree; true when there was one. */
    private static boolean reseal(JsonNode node, UnaryOperator<String> reseal) {
        boolean touched = false;
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (var it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isTextual() && SecretBox.isSealed(f.getValue().asText())) {
                    f.setValue(Json.NODES.textNode(reseal.apply(f.getValue().asText())));
                    touched = true;
                } else {
                    touched |= reseal(f.getValue(), reseal);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                touched |= reseal(child, reseal);
            }
        }
        return touched;
    }
}
