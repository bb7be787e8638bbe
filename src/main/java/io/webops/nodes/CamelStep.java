package io.webops.nodes;

import java.util.List;
import java.util.Map;

/**
 * What the translator offers a node type for rendering its Camel steps: references to the beans
 * it binds for this node. Beans are named by the translator; no user string ever becomes part of
 * an endpoint URI or an expression Camel would evaluate.
 */
public interface CamelStep {

    /** {@code process: {ref: <node executor>}}. */
    Map<String, Object> process();

    /** Name of a bean of this node registered for {@code purpose} (a Predicate, Expression...). */
    String bean(String purpose);

    /** The steps that end this node's route after its work: dispatch to the ready successors. */
    List<Object> dispatch();

    /** The node being rendered (its config may be quoted in comments, never in Camel values). */
    io.webops.model.Node node();
}
