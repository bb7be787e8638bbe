package io.webops.kamelets.guard;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Stands in for a component whose connections the SSRF guard cannot see yet ({@code ftps}): every endpoint is
 * refused with a message naming it, so a Kamelet using it fails when its route is created instead of connecting
 * unguarded.
 */
final class UnguardedComponent extends DefaultComponent {

    private final String scheme;
    private final String why;

    UnguardedComponent(String scheme, String why) {
        this.scheme = scheme;
        this.why = why;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        throw new IllegalArgumentException("The " + scheme + " component is disabled: " + why);
    }
}
