package io.webops.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Producer;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.management.DefaultManagementObjectStrategy;

/**
 * Camel's JMX objects, without MBeans for {@code direct:} endpoints and their consumers and producers. Those are the
 * edges between a workflow's node routes: every node would add an endpoint, a consumer and a producer per edge beside
 * its route MBean, which names the workflow and node and carries the same counts. Registering them was a fifth of
 * deploying a large workflow. Route, route group and context MBeans are kept.
 */
final class DirectEndpointsUnmanaged extends DefaultManagementObjectStrategy {

    @Override
    public Object getManagedObjectForEndpoint(CamelContext context, Endpoint endpoint) {
        return endpoint instanceof DirectEndpoint ? null : super.getManagedObjectForEndpoint(context, endpoint);
    }

    @Override
    public Object getManagedObjectForConsumer(CamelContext context, Consumer consumer) {
        return consumer.getEndpoint() instanceof DirectEndpoint ? null : super.getManagedObjectForConsumer(context, consumer);
    }

    @Override
    public Object getManagedObjectForProducer(CamelContext context, Producer producer) {
        return producer.getEndpoint() instanceof DirectEndpoint ? null : super.getManagedObjectForProducer(context, producer);
    }
}
