package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The key-value state a workflow keeps between its runs, for the state node: by default the running workflow's own
 * keys; {@link Scope#OWNER} keys are shared by every workflow of the running workflow's owner, and of no one else.
 */
public interface WorkflowState {

    enum Scope { WORKFLOW, OWNER }

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 200;
    /** The largest value, in bytes of JSON. */
    int MAX_VALUE_BYTES = 64 * 1024;
    /** The most keys one scope (a workflow's own, or an owner's shared ones) holds. */
    int MAX_KEYS = 1000;

    Optional<JsonNode> get(String workflowId, Scope scope, String key);

    /** Sets the key; false when it is a new key and the scope already holds the most keys it may. */
    boolean set(String workflowId, Scope scope, String key, JsonNode value);

    /** Deletes the key; whether it was there. */
    boolean delete(String workflowId, Scope scope, String key);
}
