package io.webops.nodes.control;

import static io.webops.nodes.Steps.list;
import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.nodes.Beans;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Paths;
import io.webops.nodes.Schema;
import io.webops.nodes.Steps;
import io.webops.nodes.processor.SplitNode;
import java.util.List;

/** Runs the following nodes once per item, in order (Camel's loop EIP). */
public final class LoopNode implements NodeType {

    public static final String ID = "loop";
    public static final int DEFAULT_MAX_ITERATIONS = 1000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Flow flow(Node node) {
        return Flow.SPLIT;
    }

    @Override
    public Category category() {
        return Category.CONTROL;
    }

    @Override
    public String title() {
        return "Loop";
    }

    @Override
    public String description() {
        return "Run the following nodes once per item of the array at path (or a number of times), in order.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("path", "Array path", "Where the array is in the input (empty: the input itself)")
                .integer("times", "Times", "Run this many times instead (item = 0, 1, ...)")
                .minimum("times", 0)
                .integer("max_iterations", "Max iterations", "Fail rather than run more items than this")
                .defaultValue("max_iterations", DEFAULT_MAX_ITERATIONS)
                .minimum("max_iterations", 1)
                .build();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        String path = node.configText("path", "");
        boolean counted = node.config().has("times");
        int times = node.config().path("times").asInt(0);
        int max = node.config().path("max_iterations").asInt(DEFAULT_MAX_ITERATIONS);
        return call -> {
            ArrayNode items;
            if (counted) {
                items = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < times; i++) {
                    items.add(i);
                }
            } else {
                items = Paths.array(call.input(), path, node.id());
            }
            if (items.size() > max) {
                throw NodeFailure.data("Node '" + node.id() + "': " + items.size()
                        + " items exceed max_iterations " + max);
            }
            return NodeResult.of(items);
        };
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        List<Object> steps = new java.util.ArrayList<>(List.of(step.work(step.process()),
                map("loop", map("expression", Steps.ref(Beans.LOOP_COUNT), "copy", true, "steps", step.items()))));
        steps.addAll(step.gathered());
        return steps;
    }
}
