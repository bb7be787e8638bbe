package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.NodeLog;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.Beans;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeTypes;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node logs are captured by Camel from the exchange, not written by the runtime's processors: a route of this test, in
 * the engine's CamelContext, runs none of the runtime's node processors, only a {@code step} with a node's step id
 * and the exchange properties a node's route carries, and the execution's history gets the node's log from it, with
 * what the exchange carried, the attempts Camel's redelivery made and the failure its error handling recorded.
 */
class HistoryFromExchangeTest {

    private DefaultCamelContext camel;
    private Store store;
    private Engine engine;
    private Run run;
    private NodePlan node;

    @BeforeEach
    void runAnExecutionThatWaits() throws Exception {
        NodeTypes types = NodeTypes.standard();
        Validator.Result workflow = new Validator(types).validate(Json.parse("""
            {"name": "history from the exchange", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "wait", "type": "delay", "config": {"seconds": 60}},
              {"id": "t", "type": "transform", "retry_on_failure": true, "max_retries": 2,
               "config": {"type": "template", "template": "never run here"}}],
             "connections": [{"source": "in", "target": "wait"}, {"source": "wait", "target": "t"}]}"""));
        assertThat(workflow.errors()).isEmpty();
        camel = new DefaultCamelContext();
        // the execution's delay is still in flight when the test ends
        camel.getShutdownStrategy().setTimeout(1);
        camel.getShutdownStrategy().setSuppressLoggingOnTimeout(true);
        store = Store.inMemory();
        camel.start();
        engine = new Engine(camel, store, types, new EngineSettings(null, SsrfGuard.fromSetting(null), RetryPolicy.DEFAULT));
        engine.deploy("wf-hist", 1, workflow.workflow(), false);
        run = engine.startInBackground("wf-hist", Json.parse("{\"a\": 1}"), "manual", Json.object()).run();
        node = run.plan.nodes.stream().filter(p -> p.id().equals("t")).findFirst().orElseThrow();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logsOf("in").isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stop() throws Exception {
        engine.cancel(run.id);
        engine.close();
        camel.close();
        store.close();
    }

    @Test
    void aStepWithTheNodesIdIsLoggedWithWhatTheExchangeCarriedAndTheAttemptsCamelRedelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        addRoute("direct:carried", e -> {
            if (calls.incrementAndGet() < 3) {
                throw new NodeFailure("Timeout", "Node 't': slow upstream", true);
            }
            JsonNode output = Json.NODES.textNode("carried by the exchange");
            e.getMessage().setBody(output);
            e.setProperty(Exchanges.DONE, NodeResult.of(output));
        });
        send("direct:carried", Json.parse("{\"b\": 2}"));

        List<NodeLog> logs = logsOf("t");
        assertThat(logs).hasSize(1);
        NodeLog log = logs.get(0);
        assertThat(log.status()).isEqualTo("success");
        assertThat(log.input()).isEqualTo(Json.parse("{\"b\": 2}"));
        assertThat(log.output()).isEqualTo(Json.NODES.textNode("carried by the exchange"));
        assertThat(log.attempts()).isEqualTo(3);
        assertThat(log.error()).isNull();
        assertThat(log.item()).isNull();
        assertThat(log.startedAt()).isNotNull();
    }

    @Test
    void aFailureTheRoutesErrorHandlingRecordedIsLoggedOnceWithItsError() throws Exception {
        addRoute("direct:failing", e -> {
            throw new NodeFailure("DataError", "Node 't': no such field", false);
        });
        send("direct:failing", Json.parse("{\"c\": 3}"));

        List<NodeLog> logs = logsOf("t");
        assertThat(logs).hasSize(1);
        NodeLog log = logs.get(0);
        assertThat(log.status()).isEqualTo("failed");
        assertThat(log.error()).isEqualTo("Node 't': no such field");
        assertThat(log.attempts()).isEqualTo(1);
        assertThat(log.output()).isNull();
    }

    @Test
    void aStepThatDidNotCompleteTheNodeLeavesNoLog() throws Exception {
        addRoute("direct:idle", e -> e.getMessage().setBody(Json.NODES.textNode("not an output")));
        send("direct:idle", Json.parse("{\"d\": 4}"));

        assertThat(logsOf("t")).isEmpty();
    }

    @Test
    void aFailureIsLoggedBeforeTheNodesOnItsErrorHandleRun() throws Exception {
        Validator.Result workflow = new Validator(engine.types()).validate(Json.parse("""
            {"name": "error edge", "nodes": [
              {"id": "call", "type": "api_request", "retry_on_failure": true, "max_retries": 2,
               "config": {"url": "http://127.0.0.1:1/refused"}},
              {"id": "handle", "type": "error_handler"}],
             "connections": [{"source": "call", "target": "handle", "sourceHandle": "error"}]}"""));
        assertThat(workflow.errors()).isEmpty();
        engine.deploy("wf-error-edge", 1, workflow.workflow(), false);
        ExecutionRecord record = engine.startInBackground("wf-error-edge", Json.parse("{\"q\": 1}"), "manual", Json.object())
                .done().get(60, TimeUnit.SECONDS);

        assertThat(record.status()).isEqualTo("success");
        assertThat(record.nodeLogs()).extracting(NodeLog::nodeId).containsExactly("call", "handle");
        assertThat(record.nodeLogs()).extracting(NodeLog::status).containsExactly("failed", "success");
        assertThat(record.nodeLogs().get(0).input()).isEqualTo(Json.parse("{\"q\": 1}"));
        assertThat(record.nodeLogs().get(1).input().path("node_id").asText()).isEqualTo("call");
    }

    @Test
    void nodesSkippedByANodesEndAreLoggedAfterIt() throws Exception {
        Validator.Result workflow = new Validator(engine.types()).validate(Json.parse("""
            {"name": "skips", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "check", "type": "condition", "config": {"expression": "data.x > 0"}},
              {"id": "yes", "type": "transform", "config": {"type": "template", "template": "yes"}},
              {"id": "no", "type": "transform", "config": {"type": "template", "template": "no"}},
              {"id": "after-no", "type": "transform", "config": {"type": "template", "template": "after"}}],
             "connections": [{"source": "in", "target": "check"},
              {"source": "check", "target": "yes", "sourceHandle": "true"},
              {"source": "check", "target": "no", "sourceHandle": "false"}, {"source": "no", "target": "after-no"}]}"""));
        assertThat(workflow.errors()).isEmpty();
        engine.deploy("wf-skips", 1, workflow.workflow(), false);
        ExecutionRecord record = engine.startInBackground("wf-skips", Json.parse("{\"x\": 1}"), "manual", Json.object())
                .done().get(30, TimeUnit.SECONDS);

        assertThat(record.status()).isEqualTo("success");
        assertThat(record.nodeLogs()).extracting(NodeLog::nodeId).containsExactly("in", "check", "no", "after-no", "yes");
        assertThat(record.nodeLogs()).extracting(NodeLog::status)
                .containsExactly("success", "success", "skipped", "skipped", "success");
        assertThat(record.nodeLogs().get(1).output()).isEqualTo(Json.parse("{\"x\": 1}"));
    }

    /** A route that is not the node's: only its step id and the exchange's properties say which node it works for. */
    private void addRoute(String uri, Processor work) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // as the translator's route configuration: transient failures retried, then the failure recorded
                onException(Exception.class).onWhen(SharedBeans::retryable).maximumRedeliveries(2).redeliveryDelay(0)
                        .handled(true).process(Beans.NODE_FAILED);
                onException(Exception.class).maximumRedeliveries(0).handled(true).process(Beans.NODE_FAILED);
                from(uri).step(node.routeId + ".work").process(work).end();
            }
        });
    }

    private void send(String uri, JsonNode input) {
        Exchange exchange = camel.getEndpoint(uri).createExchange();
        exchange.setProperty(Exchanges.SCOPE, run.root);
        exchange.setProperty(Exchanges.NODE, node);
        exchange.setProperty(Exchanges.INPUT, input);
        exchange.getMessage().setBody(input);
        camel.createProducerTemplate().send(uri, exchange);
    }

    private List<NodeLog> logsOf(String nodeId) {
        ExecutionRecord record = engine.live(run.id).orElseThrow();
        return record.nodeLogs().stream().filter(l -> l.nodeId().equals(nodeId)).toList();
    }
}
