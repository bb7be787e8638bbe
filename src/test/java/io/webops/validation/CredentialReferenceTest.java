package io.webops.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.nodes.Schema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node's credential must exist and be of the kind its type takes; the error names node and field. */
class CredentialReferenceTest {

    /** A type that takes a database credential, as the SQL nodes do. */
    static final NodeType NEEDS_DATABASE = new NodeType() {
        public String id() {
            return "needs_db";
        }

        public Category category() {
            return Category.SOURCE;
        }

        public String title() {
            return "Needs a database";
        }

        public String description() {
            return "test type";
        }

        public ObjectNode configSchema() {
            return Schema.object().string("credential", "Credential", "database credential").build();
        }

        public String credentialKind() {
            return "database";
        }

        public NodeExecutor executor(io.webops.model.Node node, NodeServices services) {
            return call -> NodeResult.of(call.input());
        }
    };

    static final Map<String, String> STORED = Map.of("cred_db", "database", "cred_mail", "smtp");

    static List<ValidationError> validate(String credential) {
        Validator v = new Validator(new NodeTypes(List.of(NEEDS_DATABASE)), id -> Optional.ofNullable(STORED.get(id)));
        return v.validate(Json.parse("{\"name\":\"w\",\"nodes\":[{\"id\":\"q\",\"type\":\"needs_db\",\"config\":{\"credential\":\""
                + credential + "\"}}],\"connections\":[]}")).errors();
    }

    @Test
    void acceptsAStoredCredentialOfTheRightKind() {
        assertThat(validate("cred_db")).isEmpty();
    }

    @Test
    void reportsAMissingCredentialOnTheNodeField() {
        assertThat(validate("cred_gone")).containsExactly(ValidationError.ofNode("q", "config.credential",
                "Node 'q': config.credential 'cred_gone' does not exist; create a database credential and pick it"));
    }

    @Test
    void reportsACredentialOfTheWrongKind() {
        assertThat(validate("cred_mail")).containsExactly(ValidationError.ofNode("q", "config.credential",
                "Node 'q': config.credential 'cred_mail' is a smtp credential; this node needs a database credential"));
    }
    @Test
    void everyTypeThatTakesACredentialAcceptsItOnTheNodeAlone() {
        List<NodeType> takingOne = NodeTypes.standard().all().stream().filter(t -> t.credentialKind() != null).toList();
        assertThat(takingOne).extracting(NodeType::id).contains("database_query", "database_write", "email", "slack",
                "google_sheets", "google_docs", "api_request", "llm");
        for (NodeType type : takingOne) {
            Validator v = new Validator(NodeTypes.standard(), id -> Optional.of(type.credentialKind()));
            List<ValidationError> errors = v.validate(Json.parse("{\"name\":\"w\",\"nodes\":[{\"id\":\"n\",\"type\":\""
                    + type.id() + "\",\"credential\":\"cred-7\",\"config\":{}}],\"connections\":[]}")).errors();
            assertThat(errors).as(type.id()).noneMatch(e -> e.field() != null && e.field().endsWith("credential"));
        }
    }

    @Test
    void theNodeFieldWinsAndItsProblemNamesIt() {
        Validator v = new Validator(new NodeTypes(List.of(NEEDS_DATABASE)), id -> Optional.ofNullable(STORED.get(id)));
        List<ValidationError> errors = v.validate(Json.parse("{\"name\":\"w\",\"nodes\":[{\"id\":\"q\",\"type\":\"needs_db\","
                + "\"credential\":\"cred_mail\",\"config\":{\"credential\":\"cred_db\"}}],\"connections\":[]}")).errors();
        assertThat(errors).containsExactly(ValidationError.ofNode("q", "credential",
                "Node 'q': credential 'cred_mail' is a smtp credential; this node needs a database credential"));
    }
}
