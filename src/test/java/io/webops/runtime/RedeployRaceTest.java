package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.bench.GraphGeneratorBench;
import io.webops.history.Store;
import io.webops.nodes.NodeTypes;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

/**
 * A retired deployment's routes are removed on a background thread while the next deploy loads its routes. Camel's
 * route model (its lists of routes and route configurations) is not safe for two threads at once: the two used to
 * overlap and a deploy failed now and then with a ConcurrentModificationException ("could not be deployed: null").
 * The context here holds every change of the model open for a moment and counts changes that overlap one another,
 * so an engine that lets them overlap fails this test every time, not once in a few hundred deploys.
 */
class RedeployRaceTest {

    /** A context whose route-model changes each take a few milliseconds and record whether another was under way. */
    static final class WatchfulContext extends DefaultCamelContext {
        final AtomicInteger changing = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger changes = new AtomicInteger();
        /** How deep the current thread is in model changes (Camel calls one from another). */
        private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        private void enter() {
            changes.incrementAndGet();
            if (depth.get()[0]++ == 0 && changing.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void leave() {
            if (--depth.get()[0] == 0) {
                changing.decrementAndGet();
            }
        }

        @Override
        public void addRouteConfigurations(List<RouteConfigurationDefinition> configurations) {
            enter();
            try {
                super.addRouteConfigurations(configurations);
            } finally {
                leave();
            }
        }

        @Override
        public void removeRouteConfiguration(RouteConfigurationDefinition configuration) throws Exception {
            enter();
            try {
                super.removeRouteConfiguration(configuration);
            } finally {
                leave();
            }
        }

        @Override
        public void addRouteDefinitions(Collection<RouteDefinition> definitions) throws Exception {
            enter();
            try {
                super.addRouteDefinitions(definitions);
            } finally {
                leave();
            }
        }

        @Override
        public boolean removeRoute(String routeId) throws Exception {
            enter();
            try {
                return super.removeRoute(routeId);
            } finally {
                leave();
            }
        }
    }

    @Test
    void retiredRoutesAreNeverRemovedWhileAnotherDeployLoadsItsOwn() throws Exception {
        NodeTypes types = NodeTypes.standard();
        Validator.Result graph = new Validator(types).validate(GraphGeneratorBench.generate(4, 7L));
        assertThat(graph.valid()).as(String.valueOf(graph.errors())).isTrue();
        try (WatchfulContext camel = new WatchfulContext(); Store store = Store.inMemory()) {
            camel.start();
            try (Engine engine = new Engine(camel, store, types,
                    new EngineSettings(null, SsrfGuard.fromSetting(""), RetryPolicy.DEFAULT))) {
                for (int i = 0; i < 40; i++) {
                    engine.deploy("race-" + i, 1, graph.workflow(), false);
                    engine.undeploy("race-" + i);
                }
                engine.deploy("race-last", 1, graph.workflow(), false);
                engine.awaitRemovals();
                assertThat(camel.changes.get()).as("route-model changes watched").isGreaterThan(80);
                assertThat(camel.overlaps.get()).as("route-model changes that overlapped another").isZero();
                assertThat(camel.getRoutes()).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.getRouteId()).startsWith("race-last"));
            }
        }
    }
}
