/**
 * SSRF guard for every user-controlled outbound URL.
 *
 * <p>Build one guard from the operator setting ({@code SsrfGuard.fromEnvironment()} or
 * {@code SsrfGuard.fromSetting(value)} of {@code WEBOPS_SSRF_ALLOW}) and:
 * <ul>
 *   <li>call {@link io.webops.security.SsrfGuard#checkUrl(String)} when a user submits a URL (fast feedback, no DNS);</li>
 *   <li>make every HTTP client that sends to such URLs use
 *       {@link io.webops.security.SsrfGuard#httpClientConfigurer()} (camel-http) or
 *       {@link io.webops.security.SsrfGuard#dnsResolver()} (plain HttpClient 5 connection manager). That is the
 *       authoritative check: it runs on the addresses actually connected to, for every redirect hop.</li>
 * </ul>
 *
 * <p>camel-http: bind the configurer ({@code registry.bind("guard", guard.httpClientConfigurer())}) and set it on the
 * {@code http} and {@code https} components (or use {@code httpClientConfigurer=#guard} on the endpoint). Pass the
 * user's URL in the {@code CamelHttpUri} header to a fixed endpoint; never splice it into an endpoint URI, where its
 * query string could set endpoint options (including a different httpClientConfigurer or a proxy).
 *
 * <p>Limits: behind an HTTP proxy the target name is resolved by the proxy, so only the name/literal checks apply to
 * it (the proxy's own address is checked). Non-ASCII host names must be given in punycode.
 */
package io.webops.security;
