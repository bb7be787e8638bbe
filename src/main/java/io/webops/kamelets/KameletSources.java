package io.webops.kamelets;

import io.webops.model.Node;
import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import io.webops.model.ValidationError;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import java.util.function.Consumer;

/**
 * The workflow-level rule of source Kamelets: the source node drives the workflow. A workflow holds at most one source
 * Kamelet node; with one, its {@code trigger.type} is {@code kamelet}, or {@code manual} (the canvas's default), which
 * the runtime deploys as {@code kamelet} ({@link #effective}); a webhook, schedule or event trigger beside it is
 * refused (two triggers). {@code trigger.type: kamelet} without a source node is refused. Manual runs still work: the
 * node hands the given input on.
 */
public final class KameletSources {

    private KameletSources() {
    }

    public static void check(Workflow workflow, NodeTypes types, Consumer<ValidationError> problems) {
        String first = null;
        boolean kameletTrigger = workflow.trigger().type() == TriggerType.KAMELET;
        for (Node n : workflow.nodes()) {
            if (!(types.find(n.type()).orElse(null) instanceof KameletNode k) || !k.spec().source()) {
                continue;
            }
            if (first != null) {
                problems.accept(ValidationError.ofNode(n.id(), "type", "Node '" + n.id() + "': a workflow takes one source"
                        + " Kamelet node and '" + first + "' is already its trigger; remove one"));
            } else if (!kameletTrigger && workflow.trigger().type() != TriggerType.MANUAL) {
                problems.accept(ValidationError.ofNode(n.id(), "type", "Node '" + n.id() + "': a source Kamelet starts the"
                        + " workflow with each message, so trigger.type must be kamelet (or manual), not "
                        + workflow.trigger().type().id()));
            }
            if (first == null) {
                first = n.id();
            }
        }
        if (kameletTrigger && first == null) {
            problems.accept(ValidationError.ofDocument("trigger.type", "trigger.type kamelet needs one source Kamelet node"
                    + " (a kamelet:<name>-source node type) to start the workflow"));
        }
    }

    /** The workflow as deployed: a manual trigger beside a source Kamelet node is the {@code kamelet} trigger. */
    public static Workflow effective(Workflow workflow, NodeTypes types) {
        if (workflow.trigger().type() != TriggerType.MANUAL || workflow.nodes().stream().noneMatch(n ->
                types.find(n.type()).orElse(null) instanceof KameletNode k && k.spec().source())) {
            return workflow;
        }
        Trigger kamelet = new Trigger(TriggerType.KAMELET, null, null, null, null, null, null, null, null, null);
        return new Workflow(workflow.name(), workflow.description(), kamelet, workflow.settings(), workflow.nodes(),
                workflow.connections(), workflow.document());
    }
}
