package io.webops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The floor of the webhook benchmark (bench/webhook.sh): the bench job as a Camel expert writes it by hand. A Java
 * {@code RouteBuilder} on platform-http, one processor that parses the body with Jackson and reshapes it in plain
 * Java, {@code choice} on a Java predicate, Jackson out. It answers exactly what bench/webhook-workflow.json answers.
 * No history, no node logs, no statistics, no timeouts. Loaded with
 * {@code CAMEL_MAIN_ROUTESBUILDERCLASSES=io.webops.bench.JavaFloorRoute}; not a test.
 */
public final class JavaFloorRoute extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        from("platform-http:/webhooks/bench/java?httpMethodRestrict=POST").routeId("bench.java")
                .process(JavaFloorRoute::shape)
                .choice()
                    .when(e -> e.getMessage().getBody(ObjectNode.class).path("total").asDouble() > 100)
                        .process(e -> tier(e, "big"))
                    .otherwise()
                        .process(e -> tier(e, "small"))
                .end()
                .process(e -> {
                    e.getMessage().setBody(JSON.writeValueAsBytes(e.getMessage().getBody()));
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                });
    }

    /** {id, customer, total, skus: order.items[].sku, count: length(order.items)}, nulls where missing. */
    private static void shape(Exchange exchange) throws Exception {
        JsonNode order = JSON.readTree(exchange.getMessage().getBody(byte[].class)).path("order");
        ObjectNode out = JSON.createObjectNode();
        out.set("id", order.get("id"));
        out.set("customer", order.get("customer"));
        out.set("total", order.get("total"));
        JsonNode items = order.get("items");
        if (items != null && items.isArray()) {
            ArrayNode skus = out.putArray("skus");
            items.forEach(item -> {
                if (item.has("sku")) {
                    skus.add(item.get("sku"));
                }
            });
            out.put("count", items.size());
        } else {
            out.putNull("skus");
            out.putNull("count");
        }
        exchange.getMessage().setBody(out);
    }

    private static void tier(Exchange exchange, String tier) {
        exchange.getMessage().getBody(ObjectNode.class).put("tier", tier);
    }
}
