package io.webops.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * A credential opened for a node at run time: every field, secrets included. It lives only in
 * memory; its {@link #toString()} shows no secret, so it cannot leak through a log line.
 */
public final class ResolvedCredential {

    /** What a secret is replaced with wherever it would show. */
    public static final String MASK = "***";
    public static final int MIN_MASKED_LENGTH = 4;

    private final String id;
    private final String kind;
    private final ObjectNode fields;
    private final Collection<String> secretValues;

    ResolvedCredential(String id, String kind, ObjectNode fields, Collection<String> secretValues) {
        this.id = id;
        this.kind = kind;
        this.fields = fields;
        this.secretValues = secretValues;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    /** The field's text, or null when it is not set (or blank). */
    public String text(String field) {
        JsonNode v = fields.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    public String text(String field, String fallback) {
        String v = text(field);
        return v == null ? fallback : v;
    }

    /** The names of the fields set (a {@code kamelet} credential's are the Kamelet properties it fills). */
    public java.util.List<String> fieldNames() {
        java.util.List<String> out = new java.util.ArrayList<>();
        fields.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The secret values, so that messages about this credential can be scrubbed of them. */
    public Collection<String> secretValues() {
        return secretValues;
    }

    /** Replaces every secret value in a message (an error from a client library, say) with ***. */
    public String scrub(String message) {
        return scrub(message, secretValues);
    }

    /**
     * Replaces each of the secrets in a message with ***. Secrets shorter than
     * {@link #MIN_MASKED_LENGTH} are left alone: masking them would garble ordinary text.
     */
    public static String scrub(String message, Collection<String> secrets) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_MASKED_LENGTH && out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Credential " + id + " (" + kind + ")";
    }
}
