package io.webops.nodes;

import java.util.List;
import java.util.Map;

/**
 * What the translator offers a node type for rendering its Camel steps: references to the beans
 * it binds for this node and the edges of the graph. Beans and endpoints are named by the
 * translator; no user string ever becomes part of an endpoint URI or an expression Camel would
 * evaluate.
 */
public interface CamelStep {

    /** {@code process: {ref: <node executor>}}. */
    Map<String, Object> process();

    /**
     * The node's own work as one Camel {@code step} named after the node, from its first step to the one that completes
     * it, without the dispatch to its successors: the runtime's history records the node from this step's events (its
     * start, its end, what the exchange then carries). Every node type's steps hold one; steps left outside it are
     * not the node's (a failure there is recorded only where it falls inside a step of the node).
     */
    Map<String, Object> work(Object... steps);

    /**
     * For a node that completes on one of several handles inside its {@link #work} (a condition): the edges of the
     * handle it completed on, after its step.
     */
    List<Object> dispatchOn(List<String> handles);

    /** Name of a bean of this node registered for {@code purpose} (a Predicate, Expression...). */
    String bean(String purpose);

    /**
     * The steps that hand the node's result to the successors connected to {@code handle}: a
     * {@code to: direct:<successor>}, or a {@code multicast} where the handle fans out. Inside a
     * split or loop, these are the edges of one item.
     */
    List<Object> dispatch(String handle);

    /** {@link #dispatch(String)} on the {@code output} handle. */
    default List<Object> dispatch() {
        return dispatch(io.webops.model.Connection.OUTPUT);
    }

    /**
     * For a split or loop, the steps run per item: enter the item's scope, then copies of the exchange to the nodes
     * of the item (a copy, so that whatever a node's route does to its exchange never ends the loop).
     */
    List<Object> items();

    /**
     * For a split or loop, the steps after every item has run: hand the gathered outputs to the
     * merge that closes its region (none when no merge does).
     */
    List<Object> gathered();

    /**
     * The steps of a node whose run prepares a message ({@link Send}) for one endpoint: its run, then, when it prepared
     * one, the message onto the exchange, {@code endpoint} (a {@code to} step, or an {@code enrich} whose strategy judges
     * the answer inside the same step so a retry sends again; its options are ones the translator or the type wrote, never
     * a user value) and the answer made into the node's output by {@link NodeType#answer}; otherwise the node completes
     * with what its run returned (a disabled node passes its input on; a cancelled run does nothing).
     */
    default List<Object> send(Map<String, Object> endpoint) {
        return send(endpoint, false);
    }

    /**
     * {@link #send(Map)}, and with {@code askAgain} the step for a type whose {@link NodeType#answer} may prepare one more
     * message instead of completing the node (the llm node asking again for an answer it cannot use), inside the same
     * work step so the node is recorded once.
     */
    default List<Object> send(Map<String, Object> endpoint, boolean askAgain) {
        List<Object> work = new java.util.ArrayList<>();
        work.add(Steps.process(bean("run")));
        work.add(Steps.map("choice", Steps.map(
                "when", List.of(Steps.map(
                        "#", "the message the node prepared",
                        "expression", Steps.ref(Beans.HAS_SEND),
                        "steps", List.of(Steps.process(Beans.SEND), endpoint, Steps.process(bean("answer"))))),
                "otherwise", Steps.map(
                        "#", "nothing to send: a disabled node, or the execution was cancelled or failed meanwhile",
                        "steps", List.of(Steps.process(Beans.COMPLETE))))));
        if (askAgain) {
            work.add(Steps.map("filter", Steps.map(
                    "#", "the message the node's answer prepared instead of completing (asking once more)",
                    "expression", Steps.ref(Beans.HAS_SEND),
                    "steps", List.of(Steps.process(Beans.SEND), endpoint, Steps.process(bean("answer"))))));
        }
        return List.of(work(work.toArray()));
    }

    /** The node's route id (made by the translator from safe characters), to name the node's own endpoints. */
    String routeId();

    /** The node being rendered (its config may be quoted in comments, never in Camel values). */
    io.webops.model.Node node();
}
