package io.webops.security;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;

/**
 * HttpClient 5 resolver that resolves through {@link SsrfGuard#resolve(String)}: the addresses returned are the
 * ones connected to, and each was checked, so there is no gap between check and connect.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final SsrfGuard guard;

    GuardedDnsResolver(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
            return guard.resolve(host);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw (UnknownHostException) e.getCause();
            }
            throw e;
        }
    }

    /** No reverse lookups: the (checked) name itself is returned. */
    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        resolve(host);
        return host;
    }

    @Override
    public String toString() {
        return "GuardedDnsResolver[" + guard + "]";
    }
}
