package io.webops.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake DNS for tests: fixed answers per name, and a call counter per name. Never touches the network. */
final class FakeDns implements HostResolver {

    private final Map<String, List<String>> answers;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    FakeDns(Map<String, List<String>> answers) {
        this.answers = answers;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.toLowerCase(Locale.ROOT);
        calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        List<String> ips = answers.get(name);
        if (ips == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[ips.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = literal(host, ips.get(i));
        }
        return out;
    }

    int calls(String name) {
        AtomicInteger n = calls.get(name);
        return n == null ? 0 : n.get();
    }

    /** Builds an InetAddress from a literal without any lookup. */
    static InetAddress literal(String host, String ip) throws UnknownHostException {
        byte[] bytes = ip.indexOf(':') >= 0 ? InetLiterals.parseIpv6(ip) : InetLiterals.parseDottedQuad(ip);
        if (bytes == null) {
            throw new IllegalArgumentException(ip);
        }
        return InetAddress.getByAddress(host, bytes);
    }

    /** Answers {@code first} on the first lookup of any name and {@code later} afterwards (DNS rebinding). */
    static HostResolver rebinding(String first, String later, AtomicInteger counter) {
        return host -> new InetAddress[] {literal(host, counter.getAndIncrement() == 0 ? first : later)};
    }
}
