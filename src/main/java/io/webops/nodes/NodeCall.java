package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.expr.Vars;
import io.webops.model.Node;

/** What a node sees when it runs: its merged input and the names templates and expressions read. */
public interface NodeCall {

    Node node();

    JsonNode input();

    /** data (the input), nodes, trigger, execution and, inside a split or loop, item. */
    Vars vars();

    /** Vars with {@code item} bound to the given value, for per-element conditions. */
    Vars varsWithItem(JsonNode item);

    String executionId();

    /** The HTTP answer of a when_finished webhook, set by a respond node. */
    void respond(int status, JsonNode headers, JsonNode body);
}
