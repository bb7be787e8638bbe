package io.webops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.jackson.JacksonRuntime;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The hand-written route's reshaping step (bench/handwritten.camel.yaml): applies one JMESPath query,
 * compiled once, to the Jackson body. Same library and same queries as the generated workflow's
 * transform nodes, so both sides do the same reshaping work. Not a test; used only by the benchmark.
 */
public final class JmesPathProcessorBench implements Processor {

    private static final JmesPath<JsonNode> JMESPATH = new JacksonRuntime();

    private Expression<JsonNode> expression;

    public void setQuery(String query) {
        this.expression = JMESPATH.compile(query);
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode in = exchange.getMessage().getBody(JsonNode.class);
        exchange.getMessage().setBody(expression.search(in));
    }
}
