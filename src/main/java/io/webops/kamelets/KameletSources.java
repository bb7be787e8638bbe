package io.webops.kamelets;

import io.webops.model.Node;
import io.webops.model.TriggerType;
import io.webops.model.ValidationError;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import java.util.function.Consumer;

/**
 * The workflow-level rule of source Kamelets: a workflow whose {@code trigger.type} is {@code kamelet} holds exactly one
 * source Kamelet node (it renders the trigger route), and a source Kamelet node is only in such a workflow. Manual runs
 * of it still work: the node hands the given input on.
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
            } else if (!kameletTrigger) {
                problems.accept(ValidationError.ofNode(n.id(), "type", "Node '" + n.id() + "': a source Kamelet starts the"
                        + " workflow with each message; set trigger.type to kamelet"));
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
}
