package io.webops.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import java.util.List;
import java.util.function.Consumer;

/**
 * One node type, declared in one place: what the palette shows, the JSON Schema of its config,
 * its handles, the credential kind it takes, how it runs and how it maps onto Camel. The
 * catalogue at {@code /api/node-types}, validation and the translator all read these
 * declarations; adding a type means adding one class and listing it in {@link NodeTypes}.
 */
public interface NodeType {

    String id();

    Category category();

    String title();

    String description();

    /** JSON Schema of {@code config}; fields carry title, description and default. */
    ObjectNode configSchema();

    default List<String> inputs() {
        return List.of(io.webops.model.Connection.INPUT);
    }

    /** Output handles besides {@code error}, which every node has. */
    default List<String> outputs() {
        return List.of(io.webops.model.Connection.OUTPUT);
    }

    /** The credential kind a node of this type refers to, or null. */
    default String credentialKind() {
        return null;
    }

    /** Every credential kind a node of this type takes, {@link #credentialKind()} first (empty: none). */
    default List<String> credentialKinds() {
        return credentialKind() == null ? List.of() : List.of(credentialKind());
    }

    /**
     * Checks the schema cannot express (expressions that must parse, queries that must compile),
     * reported through {@code problems} with the node and field they concern.
     */
    default void check(Node node, Consumer<ValidationError> problems) {
    }

    /** The part a node of this type plays in the shape of a run (most are {@link Flow#PLAIN}). */
    default Flow flow(Node node) {
        return Flow.PLAIN;
    }

    /**
     * Whether the node's own timeout applies to one run of it; a type that waits by design
     * answers false and is bounded by the workflow's timeout instead.
     */
    default boolean boundByNodeTimeout() {
        return true;
    }

    /** The Kamelets (by name, from the runtime's {@code kamelets} folder) a node of this type sends through. */
    default List<String> kamelets() {
        return List.of();
    }

    /**
     * For a type whose Camel steps send to an endpoint (its run prepares the message, the endpoint answers): the node's
     * result from the answer on the message, {@code ran} being what its run returned, {@code durationMillis} how long
     * the endpoint took. A result whose attachment is a new {@link Send} (not the one just sent) does not complete the node: the route's
     * {@link CamelStep#sendAgain} step sends it, and this is asked again.
     */
    default NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        throw new IllegalStateException("Node type " + id() + " sends to no endpoint");
    }

    /**
     * A failure of the node's Camel steps as this type reports it: its kind, whether it is transient, a message naming
     * the node. {@code ran} is what the node's run returned (null if it failed itself).
     */
    default Throwable failure(Node node, NodeResult ran, Throwable failure) {
        return failure;
    }

    /**
     * For a node that is its workflow's trigger (a source Kamelet): the {@code from} of the trigger route in Camel YAML
     * DSL, without its steps, {@code routeId} being the node's route id in the deployed version; null for every other.
     */
    default java.util.Map<String, Object> triggerFrom(Node node, String workflowId, String routeId) {
        return null;
    }

    /** Builds the executor for one node; called once per deployment. */
    NodeExecutor executor(Node node, NodeServices services);

    /**
     * Beans the node's Camel steps refer to besides its executor, by purpose (bound as
     * {@code <route id>.<purpose>}), made with the same services as its executor; executor services among them are
     * shut down on undeploy.
     */
    default java.util.Map<String, Object> camelBeans(Node node, NodeServices services) {
        return java.util.Map.of();
    }

    /**
     * Expressions the node's Camel steps test as predicates, by name (bound as
     * {@code <route id>.<name>}, evaluated on the node's input), with a processor
     * {@code <route id>.on-<handle>} per output handle that completes the node on that handle.
     */
    default java.util.Map<String, io.webops.expr.Condition> predicates(Node node) {
        return java.util.Map.of();
    }

    /**
     * The node's route steps in Camel YAML DSL: its work in one {@link CamelStep#work} step, then the dispatch
     * (default: its processor, then the dispatch).
     */
    default List<Object> camelSteps(CamelStep step) {
        List<Object> steps = new java.util.ArrayList<>();
        steps.add(step.work(step.process()));
        steps.addAll(step.dispatch());
        return steps;
    }
}
