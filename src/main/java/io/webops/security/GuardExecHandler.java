package io.webops.security;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;

/**
 * Runs just before HttpClient connects, once per hop (redirects included). Checks the target's scheme and host name
 * without DNS, and a pinned target address (an {@link HttpHost} built with an InetAddress skips the DNS resolver).
 * With a proxy, the target is never resolved locally, so this name check is what still applies to it.
 */
final class GuardExecHandler implements ExecChainHandler {

    static final String NAME = "webops-ssrf-guard";

    private final SsrfGuard guard;

    GuardExecHandler(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        HttpHost target = scope.route.getTargetHost();
        guard.checkTarget(target.getSchemeName(), target.getHostName(), target.getAddress());
        return chain.proceed(request, scope);
    }
}
