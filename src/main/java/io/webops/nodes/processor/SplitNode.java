package io.webops.nodes.processor;

import static io.webops.nodes.Steps.list;
import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.nodes.Beans;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Paths;
import io.webops.nodes.Schema;
import io.webops.nodes.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the following nodes once per item of the array at {@code path}, in parallel (Camel's split EIP). */
public final class SplitNode implements NodeType {

    public static final String ID = "split";
    public static final int DEFAULT_CONCURRENCY = 10;

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
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Split";
    }

    @Override
    public String description() {
        return "Run the following nodes once per array item, in parallel, until a merge gathers them.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("path", "Array path", "Where the array is in the input (empty: the input itself)")
                .integer("concurrency", "Concurrency", "How many items run at once")
                .defaultValue("concurrency", DEFAULT_CONCURRENCY)
                .minimum("concurrency", 1)
                .maximum("concurrency", 200)
                .build();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        String path = node.configText("path", "");
        return call -> NodeResult.of(Paths.array(call.input(), path, node.id()));
    }

    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        int concurrency = node.config().path("concurrency").asInt(DEFAULT_CONCURRENCY);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return Map.of("pool", java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "webops-split-" + node.id() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        Map<String, Object> split = map(
                "expression", Steps.ref(Beans.ITEMS),
                "parallelProcessing", true,
                "executorService", step.bean("pool"),
                "steps", step.items());
        List<Object> steps = new ArrayList<>(List.of(step.work(step.process()), map("split", split)));
        steps.addAll(step.gathered());
        return steps;
    }
}
