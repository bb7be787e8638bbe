package io.webops.nodes;

import io.webops.security.SsrfGuard;

/** Runtime services a node executor may use, handed over at deployment. */
public interface NodeServices {

    SsrfGuard ssrfGuard();

    /** Outbound HTTP through camel-http and the SSRF guard. */
    HttpCaller http();
}
