package io.webops.monitoring;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventHelper;

/**
 * Per-node metrics are Camel's route metrics (camel-micrometer-prometheus, {@code camel.metrics.*}): every node route
 * {@code <workflow>.v<version>.<node>} gets {@code camel_exchanges_total}, {@code camel_exchanges_failures_handled_total},
 * {@code camel_route_policy_seconds} and the rest with its {@code routeId}; this adds the route's group as a
 * {@code routeGroup} tag (the workflow id), so a workflow's nodes can be summed or graphed together. Prometheus wants
 * one set of tag names per meter name, so every route and the context-wide series carry it (empty where no group).
 */
public final class RouteMetrics {

    /** The route's group: the workflow id for a workflow's routes ({@code api}, {@code ui} for the runtime's own). */
    public static final String GROUP_TAG = "routeGroup";

    private RouteMetrics() {
    }

    /** Tags every route's series with its group; call before any route is added (Camel's own config is in place then). */
    public static void tagWorkflows(CamelContext camel) {
        MicrometerRoutePolicyFactory factory = camel.getRoutePolicyFactories().stream()
                .filter(MicrometerRoutePolicyFactory.class::isInstance).map(MicrometerRoutePolicyFactory.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException(
                        "No Micrometer route policy: set camel.metrics.enabled=true and camel.metrics.enableRoutePolicy=true"));
        MicrometerRoutePolicyNamingStrategy camelNames = factory.getNamingStrategy();
        factory.setNamingStrategy(new MicrometerRoutePolicyNamingStrategy() {
            @Override
            public String getName(Route route) {
                return camelNames.getName(route);
            }

            @Override
            public String formatName(String name) {
                return camelNames.formatName(name);
            }

            @Override
            public String getExchangesSucceededName(Route route) {
                return camelNames.getExchangesSucceededName(route);
            }

            @Override
            public String getExchangesFailedName(Route route) {
                return camelNames.getExchangesFailedName(route);
            }

            @Override
            public String getExchangesTotalName(Route route) {
                return camelNames.getExchangesTotalName(route);
            }

            @Override
            public String getFailuresHandledName(Route route) {
                return camelNames.getFailuresHandledName(route);
            }

            @Override
            public String getExternalRedeliveriesName(Route route) {
                return camelNames.getExternalRedeliveriesName(route);
            }

            @Override
            public String getLongTaskName(Route route) {
                return camelNames.getLongTaskName(route);
            }

            @Override
            public Tags getTags(CamelContext context) {
                return camelNames.getTags(context).and(GROUP_TAG, "");
            }

            @Override
            public Tags getExchangeStatusTags(CamelContext context) {
                return camelNames.getExchangeStatusTags(context).and(GROUP_TAG, "");
            }

            @Override
            public Tags getTags(Route route) {
                return withGroup(camelNames.getTags(route), route);
            }

            @Override
            public Tags getExchangeStatusTags(Route route) {
                return withGroup(camelNames.getExchangeStatusTags(route), route);
            }
        });
    }

    /**
     * Camel's route event notifiers (camel-micrometer's route counts) hear route events only. As configured they also
     * asked for exchange events, which made Camel build an event for every exchange created, sent and completed in
     * every node route for notifiers that drop them; call once the notifiers are all in place (the context started).
     */
    public static void routeEventsOnly(CamelContext camel) {
        for (EventNotifier notifier : camel.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof MicrometerRouteEventNotifier routes) {
                routes.setIgnoreExchangeEvents(true);
                routes.setIgnoreStepEvents(true);
            }
        }
        camel.getCamelContextExtension().setEventNotificationApplicable(EventHelper.eventsApplicable(camel));
    }

    private static Tags withGroup(Tags tags, Route route) {
        return tags.and(GROUP_TAG, route.getGroup() == null ? "" : route.getGroup());
    }

    /** The registry camel-main made for {@code camel.metrics.enabled}; its scrape is the Prometheus text. */
    public static PrometheusMeterRegistry registry(CamelContext camel) {
        PrometheusMeterRegistry registry = camel.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusMeterRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("No Prometheus meter registry: set camel.metrics.enabled=true");
        }
        return registry;
    }
}
