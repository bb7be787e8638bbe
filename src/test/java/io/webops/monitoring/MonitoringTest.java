package io.webops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

/** Monitoring is Camel's: health checks in its registry, route metrics, JMX names, the dev console (§8). */
class MonitoringTest {

    private static final String WEBHOOK = """
            {"name": "watched", "trigger": {"type": "webhook", "path": "%s"},
             "nodes": [{"id": "in", "type": "webhook_input"},
                       {"id": "shape", "type": "transform", "config": {"type": "jmespath", "query": "{n: n}"}}],
             "connections": [{"source": "in", "target": "shape"}]}""";

    @Test
    void healthIs503NamingTheDatabaseWhenTheStoreCannotBeReachedAndShowsNoConnectionDetails() throws Exception {
        try (TestServer s = TestServer.start()) {
            assertThat(s.anonymous().get("/observe/health").status()).isEqualTo(200);

            ((HikariDataSource) s.server().store().dataSource()).close();

            Reply down = s.anonymous().get("/observe/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(down.json().get("message").asText()).isEqualTo("Down: database");
            assertThat(check(down.json(), "database").get("status").asText()).isEqualTo("DOWN");
            assertThat(check(down.json(), "workers").get("status").asText()).isEqualTo("UP");
            assertThat(down.text()).doesNotContain("jdbc", "webops-history", s.dataDir.toString(), "closed");
        }
    }

    @Test
    void theStoppedTriggerOfAPausedWorkflowLeavesHealthUpThoughCamelsOwnRouteCheckCallsItDown() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create(WEBHOOK.formatted("watched-paused"));
            assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
            assertThat(s.post("/api/workflows/" + id + "/pause", "{}").status()).isEqualTo(200);

            HealthCheck.Result camels = HealthCheckHelper.invoke(s.server().camel(), "route:" + id + ".trigger", Map.of()).orElseThrow();
            assertThat(camels.getState()).isEqualTo(HealthCheck.State.DOWN);
            Reply health = s.get("/observe/health");
            assertThat(health.status()).as(health.text()).isEqualTo(200);
            assertThat(check(health.json(), "routes").get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void healthIs503NamingTheSchedulerWhenQuartzIsInStandby() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create("""
                    {"name": "yearly", "trigger": {"type": "schedule", "cron": "0 0 1 1 *"},
                     "nodes": [{"id": "tick", "type": "transform", "config": {"type": "jmespath", "query": "{at: fired_at}"}}],
                     "connections": []}""");
            assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
            assertThat(check(s.get("/observe/health").json(), "scheduler").get("status").asText()).isEqualTo("UP");

            s.server().camel().getComponent("quartz", QuartzComponent.class).getScheduler().standby();

            Reply down = s.get("/observe/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(check(down.json(), "scheduler").get("message").asText()).contains("standby");
            assertThat(down.json().get("message").asText()).startsWith("Down: scheduler (");
            assertThat(s.anonymous().get("/observe/health").json().get("message").asText()).isEqualTo("Down: scheduler");
        }
    }

    @Test
    void theDevConsoleIsForAdminsAndItsRouteConsoleListsTheWorkflowsNodeRoutes() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create(WEBHOOK.formatted("watched-console"));
            s.runAndWait(id, "{\"n\": 1}");
            TestServer editor = s.as(s.userToken("editor@webops.test", "editor"));

            assertThat(s.anonymous().get("/observe/console").status()).isEqualTo(401);
            assertThat(s.anonymous().get("/observe/console/route").status()).isEqualTo(401);
            assertThat(editor.get("/observe/console").status()).isEqualTo(403);
            assertThat(editor.get("/observe/console/route").status()).isEqualTo(403);
            // Camel's own unauthenticated console paths are not served on the product's port
            assertThat(s.anonymous().get("/q/dev").status()).isEqualTo(404);
            assertThat(s.anonymous().get("/q/dev/route").status()).isEqualTo(404);

            Reply list = s.get("/observe/console");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().findValuesAsText("id")).contains("route", "context", "health", "jvm").doesNotContain("properties", "send");
            assertThat(s.get("/observe/console/properties").status()).isEqualTo(404);

            Reply routes = s.get("/observe/console/route");
            assertThat(routes.status()).isEqualTo(200);
            JsonNode node = null;
            for (JsonNode r : routes.json().get("routes")) {
                if (r.get("routeId").asText().equals(id + ".v1.shape")) {
                    node = r;
                }
            }
            assertThat(node).as(routes.text()).isNotNull();
            assertThat(node.get("group").asText()).isEqualTo(id);
            assertThat(node.at("/statistics/exchangesTotal").asLong()).isEqualTo(1);
        }
    }

    @Test
    void jmxNamesEachNodeRouteAfterItsWorkflowAndNodeAndCountsAHandledNodeFailure() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create("""
                    {"name": "jmx", "nodes": [
                      {"id": "in", "type": "webhook_input"},
                      {"id": "bad", "type": "filter", "config": {"path": "rows", "condition": "item.ok"}},
                      {"id": "catch", "type": "error_handler"}],
                     "connections": [{"source": "in", "target": "bad"}, {"source": "bad", "target": "catch", "sourceHandle": "error"}]}""");
            s.runAndWait(id, "{\"rows\": [{\"ok\": true}]}");
            s.runAndWait(id, "{\"rows\": 5}");

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            String context = s.server().camel().getManagementName();
            assertThat(context).isEqualTo("webops");
            ObjectName camel = new ObjectName("org.apache.camel:context=webops,type=context,name=\"webops\"");
            assertThat(jmx.getAttribute(camel, "State")).isEqualTo("Started");
            assertThat((Long) jmx.getAttribute(camel, "ExchangesTotal")).isPositive();
            assertThat(((Number) jmx.getAttribute(camel, "ExchangesInflight")).longValue()).isGreaterThanOrEqualTo(0L);
            assertThat(jmx.getAttribute(camel, "Uptime")).isNotNull();
            assertThat(jmx.isRegistered(new ObjectName("org.apache.camel:context=webops,type=routegroups,name=\"" + id + "\""))).isTrue();
            ObjectName bad = new ObjectName("org.apache.camel:context=webops,type=routes,name=\"" + id + ".v1.bad\"");
            assertThat(jmx.isRegistered(bad)).isTrue();
            assertThat(jmx.getAttribute(bad, "RouteGroup")).isEqualTo(id);
            assertThat(jmx.getAttribute(bad, "State")).isEqualTo("Started");
            assertThat(jmx.getAttribute(bad, "ExchangesTotal")).isEqualTo(2L);
            assertThat(jmx.getAttribute(bad, "FailuresHandled")).as("the node failed once, its error route took it").isEqualTo(1L);
            assertThat(jmx.getAttribute(bad, "ExchangesFailed")).isEqualTo(0L);
            assertThat(((Number) jmx.getAttribute(bad, "ExchangesInflight")).longValue()).isZero();
            assertThat((Long) jmx.getAttribute(bad, "MeanProcessingTime")).isGreaterThanOrEqualTo(0L);
            assertThat((Long) jmx.getAttribute(bad, "MaxProcessingTime")).isGreaterThanOrEqualTo(0L);
            assertThat((Long) jmx.getAttribute(bad, "LastProcessingTime")).isGreaterThanOrEqualTo(0L);
        }
    }

    @Test
    void eachNodeRouteMBeanAnswersForItsOwnRouteAndTheEdgesBetweenNodesHaveNoMBeansOfTheirOwn() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create("""
                    {"name": "jmx", "nodes": [
                      {"id": "in", "type": "webhook_input"},
                      {"id": "bad", "type": "filter", "config": {"path": "rows", "condition": "item.ok"}},
                      {"id": "catch", "type": "error_handler"}],
                     "connections": [{"source": "in", "target": "bad"}, {"source": "bad", "target": "catch", "sourceHandle": "error"}]}""");
            s.runAndWait(id, "{\"rows\": [{\"ok\": true}]}");
            s.runAndWait(id, "{\"rows\": 5}");

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            // route MBeans share one description per class: reading one must not answer for another
            for (int round = 0; round < 2; round++) {
                for (String node : java.util.List.of("in", "bad", "catch")) {
                    ObjectName route = new ObjectName("org.apache.camel:context=webops,type=routes,name=\"" + id + ".v1." + node + "\"");
                    assertThat(jmx.getAttribute(route, "RouteId")).isEqualTo(id + ".v1." + node);
                    assertThat(jmx.getAttribute(route, "ExchangesTotal")).as(node).isEqualTo("catch".equals(node) ? 1L : 2L);
                    assertThat(jmx.getAttribute(route, "EndpointUri")).isEqualTo("direct://" + id + ".v1." + node);
                }
            }
            for (String type : java.util.List.of("endpoints", "consumers", "producers")) {
                assertThat(jmx.queryNames(new ObjectName("org.apache.camel:context=webops,type=" + type + ",*"), null))
                        .as(type).noneMatch(n -> n.toString().contains(id));
            }
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
