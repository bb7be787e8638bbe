package io.webops.api;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** The platform-http router of the runtime's one port, for the handlers that sit beside Camel's routes. */
final class PortRouter {

    private PortRouter() {
    }

    /** The router registered for this port, else the default one; fails when platform-http has none. */
    static VertxPlatformHttpRouter of(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(camel);
        }
        if (router == null) {
            throw new IllegalStateException("No platform-http router on port " + port);
        }
        return router;
    }
}
