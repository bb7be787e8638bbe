package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.time.Duration;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances on one store: what is saved on one is deployed on the other once it syncs (§8). */
class DeploymentSyncTest {

    private static final NodeTypes TYPES = NodeTypes.standard();
    private static final String EVENT_TRIGGERED = """
            {"name": "follower", "trigger": {"type": "event", "on": "workflow.failed", "workflow": "wf-upstream"},
             "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}
            """;

    private Store store;
    private Instance here;
    private Instance there;
    private DeploymentSync sync;

    private record Instance(DefaultCamelContext camel, Engine engine, WorkflowService workflows) {
        static Instance on(Store store) {
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.start();
            Engine engine = new Engine(camel, store, TYPES, new EngineSettings(null, SsrfGuard.fromSetting(null), RetryPolicy.DEFAULT));
            return new Instance(camel, engine, new WorkflowService(store, engine, new Validator(TYPES),
                    new io.webops.security.SecretBox(new byte[32])));
        }

        ServiceStatus trigger(String id) {
            return camel.getRouteController().getRouteStatus(id + ".trigger");
        }

        void close() throws Exception {
            engine.close();
            camel.close();
        }
    }

    @BeforeEach
    void start() {
        store = Store.inMemory();
        here = Instance.on(store);
        there = Instance.on(store);
        sync = DeploymentSync.start(store, there.engine(), there.workflows(), Duration.ofHours(1));
    }

    @AfterEach
    void stop() throws Exception {
        sync.close();
        here.close();
        there.close();
        store.close();
    }

    @Test
    void followsActivatePauseUpdateAndDisableMadeOnAnotherInstance() {
        String id = here.workflows().create(Json.parse(EVENT_TRIGGERED), io.webops.auth.Caller.SYSTEM).id();
        sync.sync();
        assertThat(there.engine().deployed(id)).as("a draft is not deployed").isFalse();

        here.workflows().activate(id);
        sync.sync();
        assertThat(there.trigger(id)).isEqualTo(ServiceStatus.Started);

        here.workflows().pause(id);
        sync.sync();
        assertThat(there.engine().deployed(id)).isTrue();
        assertThat(there.trigger(id)).isEqualTo(ServiceStatus.Stopped);

        here.workflows().update(id, Json.parse(EVENT_TRIGGERED.replace("follower", "follower v2")), io.webops.auth.Caller.SYSTEM);
        here.workflows().activate(id);
        sync.sync();
        assertThat(there.engine().routesYaml(id)).get().asString().contains("version 2");
        assertThat(there.trigger(id)).isEqualTo(ServiceStatus.Started);

        here.workflows().disable(id);
        sync.sync();
        assertThat(there.engine().deployed(id)).isFalse();
        assertThat(there.trigger(id)).isNull();
    }

    @Test
    void undeploysAWorkflowDeletedOnAnotherInstance() {
        String id = here.workflows().create(Json.parse(EVENT_TRIGGERED), io.webops.auth.Caller.SYSTEM).id();
        here.workflows().activate(id);
        sync.sync();
        assertThat(there.engine().deployed(id)).isTrue();

        here.workflows().delete(id);
        sync.sync();

        assertThat(there.engine().deployed(id)).isFalse();
    }

    @Test
    void leavesADraftThisInstanceDeployedForAManualRunAlone() {
        String id = there.workflows().create(Json.parse(EVENT_TRIGGERED), io.webops.auth.Caller.SYSTEM).id();
        there.workflows().run(id, Json.object(), "manual", Json.object(), true);

        sync.sync();

        assertThat(there.engine().deployed(id)).isTrue();
    }

    @Test
    void followingItsOwnChangeAgainChangesNothing() {
        String id = there.workflows().create(Json.parse(EVENT_TRIGGERED), io.webops.auth.Caller.SYSTEM).id();
        there.workflows().activate(id);
        Route trigger = there.camel().getRoute(id + ".trigger");

        sync.sync();

        assertThat(there.camel().getRoute(id + ".trigger")).isSameAs(trigger);
        assertThat(there.trigger(id)).isEqualTo(ServiceStatus.Started);
    }
}
