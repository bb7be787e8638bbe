package io.webops.nodes;

import io.webops.model.Node;
import io.webops.model.ValidationError;
import java.util.function.Consumer;

/**
 * The credential a connector node uses: {@code config.credential}, or the node's own
 * {@code credential} field as §2's example writes it.
 */
public final class CredentialRef {

    private CredentialRef() {
    }

    public static String of(Node node) {
        return node.configText("credential", node.credential());
    }

    /** Reports a node that names no credential, saying which kind to pick. */
    public static void check(Node node, String kind, Consumer<ValidationError> problems) {
        String id = of(node);
        if (id == null || id.isBlank()) {
            problems.accept(ValidationError.ofNode(node.id(), "config.credential",
                    "Node '" + node.id() + "': config.credential is required; create a " + kind + " credential and pick it"));
        }
    }
}
