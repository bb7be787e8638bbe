package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * HTTP nodes send through {@code to: kamelet:webops-http-action}: the Kamelet's route is shared by every node with the
 * same parameters, a workflow removed leaves the others' calls working, and redeploys do not pile up routes.
 */
class ConnectorRoutesTest {

    private static Workflow workflow(int port, int timeoutSeconds) {
        Validator.Result r = new Validator(NodeTypes.standard()).validate(Json.parse("""
            {"name": "calls", "nodes": [
              {"id": "call", "type": "api_request", "timeout_seconds": %d, "config": {"url": "http://127.0.0.1:%d/ok"}}],
             "connections": []}""".formatted(timeoutSeconds, port)));
        assertThat(r.errors()).isEmpty();
        return r.workflow();
    }

    @Test
    void workflowsShareTheKameletsRouteAndRemovingOneLeavesTheOthersWorking() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/ok", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        upstream.start();
        int port = upstream.getAddress().getPort();
        try (DefaultCamelContext camel = new DefaultCamelContext(); Store store = Store.inMemory()) {
            camel.start();
            try (Engine engine = new Engine(camel, store, NodeTypes.standard(),
                    new EngineSettings(null, SsrfGuard.fromSetting("127.0.0.0/8"), RetryPolicy.DEFAULT))) {
                engine.deploy("wf-a", 1, workflow(port, 30), false);
                engine.deploy("wf-b", 1, workflow(port, 30), false);
                assertThat(run(engine, "wf-a")).isEqualTo("success");
                assertThat(run(engine, "wf-b")).isEqualTo("success");
                long kameletRoutes = camel.getRoutes().stream().filter(Route::isCreatedByKamelet).count();

                engine.undeploy("wf-a");
                engine.awaitRemovals();
                assertThat(run(engine, "wf-b")).as("wf-b after wf-a was removed").isEqualTo("success");

                for (int version = 2; version <= 6; version++) {
                    engine.deploy("wf-b", version, workflow(port, 30), false);
                    assertThat(run(engine, "wf-b")).isEqualTo("success");
                }
                engine.awaitRemovals();
                assertThat(camel.getRoutes().stream().filter(Route::isCreatedByKamelet).count())
                        .as("Kamelet routes after five redeploys").isLessThanOrEqualTo(kameletRoutes);
            }
        } finally {
            upstream.stop(0);
        }
    }

    private static String run(Engine engine, String id) throws Exception {
        return engine.startInBackground(id, Json.object(), "manual", Json.object()).done().get(30, TimeUnit.SECONDS).status();
    }
}
