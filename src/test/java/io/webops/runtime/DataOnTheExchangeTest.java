package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

/**
 * §10.1: what Camel's own instruments see (an event notifier here; the tracer, message history and the dev console read
 * the same exchange) is each node's real data: the body a node's route answers is the node's output, and every
 * finished node's output is an exchange variable named after it.
 */
class DataOnTheExchangeTest {

    @Test
    void eachNodesRouteAnswersWithItsOutputAndKeepsEarlierOutputsAsVariables() throws Exception {
        NodeTypes types = NodeTypes.standard();
        Validator.Result workflow = new Validator(types).validate(Json.parse("""
            {"name": "data on the exchange", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "shape", "type": "transform", "config": {"type": "jmespath", "query": "{total: order.total}"}},
              {"id": "check", "type": "condition", "config": {"expression": "data.total > 100"}},
              {"id": "big", "type": "transform", "config": {"type": "template", "template": "big {{ data.total }}"}},
              {"id": "small", "type": "transform", "config": {"type": "template", "template": "small"}}],
             "connections": [{"source": "in", "target": "shape"}, {"source": "shape", "target": "check"},
              {"source": "check", "target": "big", "sourceHandle": "true"},
              {"source": "check", "target": "small", "sourceHandle": "false"}]}"""));
        assertThat(workflow.errors()).isEmpty();
        Map<String, Object> bodies = new ConcurrentHashMap<>();
        Map<String, Object> variablesAtBig = new ConcurrentHashMap<>();
        try (DefaultCamelContext camel = new DefaultCamelContext(); Store store = Store.inMemory()) {
            camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    // what each edge carries into a node's route: the output of the node before it
                    if (event instanceof CamelEvent.ExchangeSendingEvent sending
                            && sending.getEndpoint().getEndpointUri().startsWith("direct://wf-data.v1.")) {
                        String node = sending.getEndpoint().getEndpointUri().substring("direct://wf-data.v1.".length());
                        bodies.put("into " + node, sending.getExchange().getMessage().getBody());
                    }
                    // what the last node's route answers: its output, with every output before it in a variable
                    if (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().equals("direct://wf-data.v1.big")) {
                        Exchange e = sent.getExchange();
                        bodies.put("out of big", e.getMessage().getBody());
                        e.getVariables().forEach(variablesAtBig::put);
                    }
                }
            });
            camel.start();
            try (Engine engine = new Engine(camel, store, types, new EngineSettings(null, SsrfGuard.fromSetting(null), RetryPolicy.DEFAULT))) {
                engine.deploy("wf-data", 1, workflow.workflow(), false);
                ExecutionRecord record = engine.startInBackground("wf-data", Json.parse("{\"order\": {\"total\": 250}}"),
                        "manual", Json.object()).done().get(30, TimeUnit.SECONDS);
                assertThat(record.status()).isEqualTo("success");
            }
        }
        assertThat(bodies.get("into shape")).isEqualTo(Json.parse("{\"order\": {\"total\": 250}}"));
        assertThat(bodies.get("into check")).isEqualTo(Json.parse("{\"total\": 250}"));
        assertThat(bodies.get("into big")).isEqualTo(Json.parse("{\"total\": 250}"));
        assertThat(bodies.get("out of big")).isEqualTo(Json.NODES.textNode("big 250"));
        assertThat(bodies).doesNotContainKey("into small");
        assertThat(variablesAtBig).containsEntry("shape", Json.parse("{\"total\": 250}"))
                .containsEntry("big", Json.NODES.textNode("big 250"))
                .containsKey("in").containsKey("check");
    }
}
