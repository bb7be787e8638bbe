package io.webops.nodes.control;

import static io.webops.nodes.Steps.list;
import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Condition;
import io.webops.model.ConditionSpec;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Steps;
import io.webops.nodes.processor.Checks;
import io.webops.transform.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Routes on an expression: the input goes on through {@code true} or {@code false}. The decision
 * is Camel's: the generated route is a {@code choice} whose {@code when} tests the expression, and
 * each branch completes the node on its handle; the edges of that handle follow the node's step.
 */
public final class ConditionNode implements NodeType {

    private static final String HOLDS = "holds";

    @Override
    public String id() {
        return "condition";
    }

    @Override
    public Category category() {
        return Category.CONTROL;
    }

    @Override
    public String title() {
        return "Condition";
    }

    @Override
    public String description() {
        return "Branch on an expression such as data.latency > 1000: the input goes on through 'true' or 'false'.";
    }

    @Override
    public List<String> outputs() {
        return List.of("true", "false");
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .enumeration(Checks.LANGUAGE, "Language", "webops: data.total > 10; jsonata: total > 10 over the input",
                        Conditions.LANGUAGES.toArray(String[]::new))
                .defaultValue(Checks.LANGUAGE, ConditionSpec.DEFAULT_LANGUAGE)
                .expression("expression", "Expression", "e.g. data.status == 'ok' and data.latency > 1000")
                .required("expression")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        Checks.condition(node, "expression", problems);
    }

    /** The node's own work is to pass its input on; the choice decides the handle. */
    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        return call -> NodeResult.of(call.input());
    }

    @Override
    public Map<String, Condition> predicates(Node node) {
        return Map.of(HOLDS, Checks.condition(node, "expression", "false"));
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        List<Object> steps = new ArrayList<>();
        steps.add(step.work(Steps.process(step.bean("run")), map("choice", map(
                "when", list(map("#", "when " + step.node().configText("expression", ""),
                        "expression", Steps.ref(step.bean(HOLDS)), "steps", list(Steps.process(step.bean("on-true"))))),
                "otherwise", map("steps", list(Steps.process(step.bean("on-false"))))))));
        steps.addAll(step.dispatchOn(outputs()));
        return steps;
    }
}
