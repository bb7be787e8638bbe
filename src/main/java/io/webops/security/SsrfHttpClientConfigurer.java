package io.webops.security;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

/**
 * camel-http configurer (also usable on a plain {@link HttpClientBuilder}).
 *
 * <ul>
 *   <li>Replaces the connection manager with one whose DNS resolver is the guard's, so every connection (first
 *       request and each redirect hop) is made only to checked addresses. Its TLS setup follows the JVM system
 *       properties (javax.net.ssl.*); camel's sslContextParameters on the component are not carried over.</li>
 *   <li>Sets a redirect strategy that checks each Location. Whether redirects are followed at all is still decided
 *       by camel-http's {@code followRedirects} (off by default, in which case HttpClient redirect handling is
 *       disabled and this strategy is unused).</li>
 *   <li>Adds a per-hop check just before the connect step.</li>
 * </ul>
 */
final class SsrfHttpClientConfigurer implements HttpClientConfigurer {

    private final SsrfGuard guard;

    SsrfHttpClientConfigurer(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard.dnsResolver())
                .useSystemProperties()
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build());
        // the manager is ours (camel may have marked its shared one as shared): closing the client closes it
        builder.setConnectionManagerShared(false);
        builder.setRedirectStrategy(new GuardedRedirectStrategy(guard, DefaultRedirectStrategy.INSTANCE));
        builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), GuardExecHandler.NAME,
                new GuardExecHandler(guard));
    }

    @Override
    public String toString() {
        return "SsrfHttpClientConfigurer[" + guard + "]";
    }
}
