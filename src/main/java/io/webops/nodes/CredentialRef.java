package io.webops.nodes;

import io.webops.model.Node;
import io.webops.model.ValidationError;
import java.util.function.Consumer;

/**
 * The credential a node uses and the field that names it: the node's own {@code credential}
 * (§2 writes it beside {@code config}) wins over {@code config.credential}, which older
 * workflows and templates use. Every reader of a node's credential goes through here, so the
 * rule has one home.
 *
 * @param id    the credential id, or null when the node names none
 * @param field where the id was written: {@code credential} or {@code config.credential}
 */
public record CredentialRef(String id, String field) {

    public static final String NODE_FIELD = "credential";
    public static final String CONFIG_FIELD = "config.credential";

    public static CredentialRef of(Node node) {
        if (present(node.credential())) {
            return new CredentialRef(node.credential(), NODE_FIELD);
        }
        String inConfig = node.configText("credential", null);
        return new CredentialRef(present(inConfig) ? inConfig : null, CONFIG_FIELD);
    }

    /** The effective credential id, or null when the node names none. */
    public static String idOf(Node node) {
        return of(node).id();
    }

    public boolean named() {
        return id != null;
    }

    /** Reports a node that names no credential, saying which kind to pick. */
    public static void check(Node node, String kind, Consumer<ValidationError> problems) {
        if (!of(node).named()) {
            problems.accept(ValidationError.ofNode(node.id(), CONFIG_FIELD,
                    "Node '" + node.id() + "': config.credential is required; create a " + kind + " credential and pick it"));
        }
    }

    private static boolean present(String id) {
        return id != null && !id.isBlank();
    }
}
