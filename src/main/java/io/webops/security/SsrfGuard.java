package io.webops.security;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The SSRF guard every user-controlled outbound URL goes through.
 *
 * <p>Only http and https are allowed; loopback, private, link-local, CGNAT, unique-local, multicast, unspecified,
 * reserved and cloud-metadata addresses are refused in every spelling, unless the operator allows a range with
 * {@value #SETTING} (comma-separated CIDRs, empty by default).
 *
 * <p>{@link #checkUrl(String)} is a cheap early check without DNS. The authoritative check is
 * {@link #resolve(String)}, which the HttpClient 5 {@link #dnsResolver()} calls for the address actually connected
 * to, at every redirect hop; {@link #httpClientConfigurer()} wires it into camel-http.
 */
public final class SsrfGuard {

    /** Environment variable / setting holding the operator allow list. */
    public static final String SETTING = "WEBOPS_SSRF_ALLOW";

    private static final String ALLOW_HINT = " (allow it with " + SETTING + ")";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};
    private static final byte[] LOOPBACK_V6 = InetLiterals.parseIpv6("::1");
    private static final byte[] METADATA_V4 = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};

    private final AddressPolicy policy;
    private final HostResolver resolver;

    /** A guard using the system DNS resolver. */
    public SsrfGuard(List<String> allowedCidrs) {
        this(allowedCidrs, HostResolver.system());
    }

    /** A guard using the given resolver (tests inject a fake DNS). */
    public SsrfGuard(List<String> allowedCidrs, HostResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        List<Cidr> cidrs = new ArrayList<>();
        if (allowedCidrs != null) {
            for (String c : allowedCidrs) {
                if (c == null) {
                    throw new IllegalArgumentException("Invalid CIDR in " + SETTING + ": null");
                }
                cidrs.add(Cidr.parse(c));
            }
        }
        this.policy = new AddressPolicy(cidrs);
    }

    /**
     * Builds a guard from the {@value #SETTING} value: comma-separated CIDRs; {@code ""} or {@code null} allows
     * nothing. An invalid entry throws {@link IllegalArgumentException} naming it.
     */
    public static SsrfGuard fromSetting(String commaSeparatedCidrs) {
        List<String> cidrs = new ArrayList<>();
        if (commaSeparatedCidrs != null) {
            for (String part : commaSeparatedCidrs.split(",")) {
                if (!part.isBlank()) {
                    cidrs.add(part.trim());
                }
            }
        }
        return new SsrfGuard(cidrs);
    }

    /** Builds a guard from the {@value #SETTING} environment variable. */
    public static SsrfGuard fromEnvironment() {
        return fromSetting(System.getenv(SETTING));
    }

    /**
     * Syntax, scheme and host checks without DNS. Literal addresses in every spelling (decimal, octal, hex, short
     * forms, IPv4-mapped IPv6, ...) and reserved names (localhost, metadata.google.internal, ...) are refused unless
     * allowed. The host judged is the one {@link URI} (and hence HttpClient) connects to, not what a userinfo part
     * pretends.
     *
     * @return the parsed URI
     * @throws SsrfException when refused
     */
    public URI checkUrl(String url) {
        if (url == null) {
            throw new SsrfException("Refused a null URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // the exception message would echo the input (possibly with credentials): only report the reason
            throw new SsrfException("Refused a malformed URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new SsrfException("Refused a URL without a scheme: only http and https are allowed");
        }
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
            throw new SsrfException("Refused a " + lowerScheme + ": URL: only http and https are allowed");
        }
        if (uri.isOpaque()) {
            throw new SsrfException("Refused a " + lowerScheme + ": URL without a host");
        }
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI fell back to a registry-based authority (e.g. "127.1", "0x7f.1", "%31%32%37.0.0.1");
            // HttpClient still extracts a host from it, so judge what it would extract.
            String rawAuthority = uri.getRawAuthority();
            if (rawAuthority == null || rawAuthority.isEmpty()) {
                throw new SsrfException("Refused a " + lowerScheme + ": URL without a host");
            }
            if (rawAuthority.indexOf('@') != rawAuthority.lastIndexOf('@')) {
                throw new SsrfException("Refused a " + lowerScheme + ": URL with an ambiguous authority (several '@')");
            }
            host = hostOfAuthority(rawAuthority);
            if (host.isEmpty()) {
                throw new SsrfException("Refused a " + lowerScheme + ": URL without a host");
            }
        }
        String refusal = inspectHost(host).refusal();
        if (refusal != null) {
            throw new SsrfException("Refused " + display(lowerScheme, host, uri) + ": " + refusal);
        }
        return uri;
    }

    /**
     * Resolves a host via the {@link HostResolver} (literal addresses in any spelling are decoded, not looked up) and
     * refuses if any answer is forbidden.
     *
     * @return the addresses to connect to (all checked)
     * @throws SsrfException when the host or any of its addresses is refused
     * @throws UncheckedIOException wrapping {@link UnknownHostException} when the name does not resolve
     */
    public InetAddress[] resolve(String host) {
        if (host == null || host.isBlank()) {
            throw new SsrfException("Refused an empty host name");
        }
        HostCheck check = inspectHost(host);
        if (check.refusal() != null) {
            throw new SsrfException("Refused host " + host + ": " + check.refusal());
        }
        if (check.literal() != null) {
            try {
                return new InetAddress[] {InetAddress.getByAddress(check.literal())};
            } catch (UnknownHostException e) {
                throw new UncheckedIOException(e); // cannot happen for 4 or 16 bytes
            }
        }
        InetAddress[] answers;
        try {
            answers = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
        if (answers == null || answers.length == 0) {
            throw new UncheckedIOException(new UnknownHostException(host));
        }
        for (InetAddress a : answers) {
            String reason = a == null ? "no address" : policy.forbiddenReason(a.getAddress());
            if (reason != null) {
                String addr = a == null ? "null" : InetLiterals.format(a.getAddress());
                throw new SsrfException("Refused host " + host + ": it resolves to " + addr + ", " + article(reason)
                        + ALLOW_HINT);
            }
        }
        return answers.clone();
    }

    /** The classification, honouring the allow list. */
    public boolean isForbidden(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return policy.forbiddenReason(address.getAddress()) != null;
    }

    /**
     * An HttpClient 5 resolver that calls {@link #resolve(String)}: the check happens on the addresses actually
     * connected to, so DNS rebinding between check and connect, and every redirect hop, are caught.
     */
    public DnsResolver dnsResolver() {
        return new GuardedDnsResolver(this);
    }

    /**
     * A camel-http {@link HttpClientConfigurer} (bind it in the registry, use {@code httpClientConfigurer=#name}):
     * installs a connection manager using {@link #dnsResolver()}, a redirect strategy that runs
     * {@link #checkUrl(String)} on every Location, and a per-hop check of the target before connecting.
     */
    public HttpClientConfigurer httpClientConfigurer() {
        return new SsrfHttpClientConfigurer(this);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Per-hop check of an HttpClient target (host name and, when pinned, address). */
    void checkTarget(String scheme, String hostName, InetAddress pinnedAddress) {
        String lowerScheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
            throw new SsrfException("Refused a " + lowerScheme + ": request: only http and https are allowed");
        }
        String refusal = inspectHost(hostName).refusal();
        if (refusal != null) {
            throw new SsrfException("Refused host " + hostName + ": " + refusal);
        }
        if (pinnedAddress != null) {
            String reason = policy.forbiddenReason(pinnedAddress.getAddress());
            if (reason != null) {
                throw new SsrfException("Refused host " + hostName + ": its address "
                        + InetLiterals.format(pinnedAddress.getAddress()) + " is " + article(reason) + ALLOW_HINT);
            }
        }
    }

    private record HostCheck(String refusal, byte[] literal) {
        static HostCheck refused(String why) {
            return new HostCheck(why, null);
        }
    }

    /** Decodes the host in every spelling and says why it is refused (refusal) or which literal address it is. */
    private HostCheck inspectHost(String host) {
        if (host == null || host.isEmpty()) {
            return HostCheck.refused("there is no host");
        }
        String h = host;
        boolean bracketed = h.startsWith("[");
        if (bracketed) {
            if (!h.endsWith("]") || h.length() < 3) {
                return HostCheck.refused(host + " is not a valid IPv6 literal");
            }
            h = h.substring(1, h.length() - 1);
        }
        int percent = h.indexOf('%');
        if (percent >= 0) {
            if (h.indexOf(':') < 0) {
                return HostCheck.refused("percent-encoded host names are not allowed");
            }
            h = h.substring(0, percent); // IPv6 zone id ("%25eth0" in a URI, "%eth0" from a resolver)
        }
        if (h.indexOf(':') >= 0) {
            byte[] v6 = InetLiterals.parseIpv6(h);
            if (v6 == null) {
                return HostCheck.refused(host + " is not a valid IPv6 literal");
            }
            return addressCheck(host, v6);
        }
        if (bracketed) {
            return HostCheck.refused(host + " is not a valid IPv6 literal");
        }
        String lower = h.toLowerCase(Locale.ROOT);
        if (InetLiterals.looksNumericIpv4(lower)) {
            byte[] v4 = InetLiterals.parseIpv4(lower);
            if (v4 == null) {
                return HostCheck.refused(host + " is a malformed numeric IPv4 address");
            }
            return addressCheck(host, v4);
        }
        String name = InetLiterals.stripOneTrailingDot(lower);
        if (!HOST_NAME.matcher(name).matches()) {
            return HostCheck.refused("'" + host + "' is not a valid host name");
        }
        byte[] reservedFor = reservedNameAddress(name);
        if (reservedFor != null) {
            String reason = policy.forbiddenReason(reservedFor);
            if (reason != null) {
                return HostCheck.refused(host + " is a reserved name for " + article(reason) + " (allow "
                        + InetLiterals.format(reservedFor) + " with " + SETTING + ")");
            }
        }
        return new HostCheck(null, null);
    }

    private HostCheck addressCheck(String spelled, byte[] address) {
        String reason = policy.forbiddenReason(address);
        if (reason == null) {
            return new HostCheck(null, address);
        }
        String canonical = InetLiterals.format(address);
        String bare = spelled.startsWith("[") ? spelled.substring(1, spelled.length() - 1) : spelled;
        String label = bare.equalsIgnoreCase(canonical) ? spelled : spelled + " (= " + canonical + ")";
        return HostCheck.refused(label + " is " + article(reason) + ALLOW_HINT);
    }

    /** Names that always mean a local or metadata endpoint, whatever DNS says. */
    private static byte[] reservedNameAddress(String name) {
        switch (name) {
            case "localhost":
            case "localhost.localdomain":
            case "localhost6":
            case "localhost6.localdomain6":
                return LOOPBACK_V4;
            case "ip6-localhost":
            case "ip6-loopback":
                return LOOPBACK_V6;
            case "metadata":
            case "metadata.google.internal":
            case "metadata.goog":
            case "instance-data":
            case "instance-data.ec2.internal":
                return METADATA_V4;
            default:
                return name.endsWith(".localhost") ? LOOPBACK_V4 : null;
        }
    }

    /** Host part of a raw authority "userinfo@host:port" (userinfo and port removed). */
    private static String hostOfAuthority(String rawAuthority) {
        String a = rawAuthority.substring(rawAuthority.lastIndexOf('@') + 1);
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            return close < 0 ? a : a.substring(0, close + 1);
        }
        int colon = a.lastIndexOf(':');
        return colon >= 0 ? a.substring(0, colon) : a;
    }

    /** The URL without userinfo, query or fragment (they may carry credentials). */
    private static String display(String scheme, String host, URI uri) {
        StringBuilder sb = new StringBuilder(scheme).append("://").append(host);
        if (uri.getPort() >= 0) {
            sb.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        return sb.toString();
    }

    private static String article(String noun) {
        char c = Character.toLowerCase(noun.charAt(0));
        boolean vowel = (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') && !noun.startsWith("uni");
        return (vowel ? "an " : "a ") + noun;
    }

    @Override
    public String toString() {
        return "SsrfGuard[allow=" + policy.allowed() + "]";
    }
}
