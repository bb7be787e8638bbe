package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Removing routes from the runtime's context: as Camel does it, without walking every route for a missing one. */
class WorkflowCamelContextTest {

    @Test
    void removingARouteTakesItsDefinitionAndEndpointWithItAndARouteThatIsNotThereIsNotRemoved() throws Exception {
        try (WorkflowCamelContext camel = new WorkflowCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:kept").routeId("kept").to("direct:gone");
                    from("direct:gone").routeId("gone").setBody(constant("ok"));
                }
            });
            camel.start();

            assertThat(camel.removeRoute("missing")).isFalse();
            camel.getRouteController().stopRoute("gone");
            assertThat(camel.removeRoute("gone")).isTrue();

            assertThat(camel.getRoute("gone")).isNull();
            assertThat(camel.getRouteDefinition("gone")).isNull();
            assertThat(camel.removeRoute("gone")).isFalse();
            assertThat(camel.getRoute("kept")).isNotNull();
            assertThat(camel.getRouteDefinition("kept")).isNotNull();
            // the endpoint the kept route still sends to stays
            assertThat(camel.hasEndpoint("direct://gone")).isNotNull();
        }
    }
}
