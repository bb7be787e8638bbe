package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.webops.expr.Template;
import io.webops.expr.Vars;
import io.webops.model.TransformSpec;

/** A connection or node transform: JMESPath, JSONPath, JSLT, JSONata or a template, compiled once. */
@FunctionalInterface
public interface DataTransform {

    JsonNode apply(JsonNode data, Vars vars);

    static DataTransform compile(TransformSpec spec) {
        return compile(spec.type(), spec.query());
    }

    /** Throws {@link TransformException} or {@link io.webops.expr.ExpressionException}. */
    static DataTransform compile(String type, String query) {
        if ("template".equals(type)) {
            Template template = Template.parse(query, Template.Syntax.DOLLAR);
            return (data, vars) -> {
                Vars withData = name -> "data".equals(name) ? data : vars.lookup(name);
                JsonNode value = template.renderValue(withData);
                return value == null ? TextNode.valueOf("") : value;
            };
        }
        if ("jsonata".equals(type)) { // JSONata reads $nodes, $trigger, $execution and $item as variables
            if (query == null || query.isBlank()) {
                throw new TransformException("JSONata: query is empty");
            }
            JsonataQuery jsonata = JsonataQuery.compile(query);
            return jsonata::evaluate;
        }
        Transform transform = Transforms.compile(type, query);
        return (data, vars) -> transform.apply(data);
    }
}
