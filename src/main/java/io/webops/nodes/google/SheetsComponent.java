package io.webops.nodes.google;

import com.google.api.services.sheets.v4.Sheets;
import io.webops.nodes.HttpCaller;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.component.google.sheets.GoogleSheetsComponent;
import org.apache.camel.component.google.sheets.GoogleSheetsConfiguration;

/**
 * camel-google-sheets as the runtime's {@code google-sheets} component: its endpoints, producer and API methods
 * unchanged, its one client made by {@link SheetsClientFactory}. The stock component makes that client only from a
 * client id and secret or a service account key in its configuration; here the client has no credential of its own
 * (each request carries its node's), so it is made without them and no secret is ever an option.
 */
final class SheetsComponent extends GoogleSheetsComponent {

    static final String NAME = "google-sheets";

    private Sheets client;

    private SheetsComponent(SheetsClientFactory factory) {
        setClientFactory(factory);
    }

    @Override
    public synchronized Sheets getClient(GoogleSheetsConfiguration configuration) {
        if (client == null) {
            client = getClientFactory().makeClient(getCamelContext(), null, null, configuration.getApplicationName(), null);
        }
        return client;
    }

    /**
     * Makes this the context's {@code google-sheets} component, once, before a route sends to it. A context that
     * already has another one (a hand-written route's) is refused: its client would not carry the nodes' credentials.
     */
    static void install(CamelContext camel, HttpCaller http) {
        synchronized (camel) {
            Component existing = camel.hasComponent(NAME);
            if (existing instanceof SheetsComponent) {
                return;
            }
            if (existing != null) {
                throw new IllegalStateException("The Camel context already has a " + NAME + " component of its own ("
                        + existing.getClass().getName() + "); google_sheets nodes need the runtime's, which sends each"
                        + " request with its node's credential through the SSRF guard");
            }
            camel.addComponent(NAME, new SheetsComponent(new SheetsClientFactory(http)));
        }
    }
}
