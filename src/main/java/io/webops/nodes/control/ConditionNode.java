package io.webops.nodes.control;

import static io.webops.translate.Steps.list;
import static io.webops.translate.Steps.map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Expression;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.processor.Checks;
import io.webops.translate.Beans;
import io.webops.translate.Steps;
import java.util.List;
import java.util.function.Consumer;

/** Routes on an expression: the input goes on through {@code true} or {@code false} (Camel's choice). */
public final class ConditionNode implements NodeType {

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
                .expression("expression", "Expression", "e.g. data.status == 'ok' and data.latency > 1000")
                .required("expression")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        Checks.expression(node, "expression", problems);
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Expression expression = Expression.parse(node.configText("expression", "false"));
        return call -> NodeResult.on(expression.test(call.vars()) ? "true" : "false", call.input());
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        return list(step.process(), map("choice", map(
                "when", list(map("expression", Steps.ref(Beans.ON_TRUE), "steps", step.dispatch())),
                "otherwise", map("steps", step.dispatch()))));
    }
}
