package io.webops.security;

import java.util.List;

/**
 * The forbidden-range table and the allow list. Answers "why is this address forbidden" (or null when it may be
 * connected to). IPv6 forms that carry an IPv4 address are judged by that IPv4 address.
 */
final class AddressPolicy {

    private record Range(Cidr cidr, String reason) {
    }

    private static Range range(String cidr, String reason) {
        return new Range(Cidr.of(cidr), reason);
    }

    /** Checked in order; more specific entries come first so the message names the most precise reason. */
    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0/32", "unspecified address"),
            range("0.0.0.0/8", "'this network' (0.0.0.0/8) address"),
            range("10.0.0.0/8", "private address"),
            range("100.64.0.0/10", "carrier-grade NAT (CGNAT) address"),
            range("127.0.0.0/8", "loopback address"),
            range("169.254.169.254/32", "cloud-metadata address"),
            range("169.254.0.0/16", "link-local address"),
            range("172.16.0.0/12", "private address"),
            range("192.0.0.0/24", "IETF protocol-assignment address"),
            range("192.0.2.0/24", "documentation (TEST-NET-1) address"),
            range("192.168.0.0/16", "private address"),
            range("198.18.0.0/15", "benchmarking address"),
            range("198.51.100.0/24", "documentation (TEST-NET-2) address"),
            range("203.0.113.0/24", "documentation (TEST-NET-3) address"),
            range("224.0.0.0/4", "multicast address"),
            range("255.255.255.255/32", "broadcast address"),
            range("240.0.0.0/4", "reserved address"));

    private static final List<Range> IPV6 = List.of(
            range("::/128", "unspecified address"),
            range("::1/128", "loopback address"),
            range("fd00:ec2::254/128", "cloud-metadata address"),
            range("fc00::/7", "unique-local address"),
            range("fe80::/10", "link-local address"),
            range("fec0::/10", "site-local address"),
            range("ff00::/8", "multicast address"),
            range("64:ff9b:1::/48", "local-use NAT64 address"),
            range("2001:db8::/32", "documentation address"),
            range("100::/64", "discard-only address"),
            // rest of ::/8 after the IPv4-mapped/compatible rules, e.g. the SIIT form ::ffff:0:a.b.c.d
            range("::/8", "reserved address"));

    private static final Cidr IPV4_MAPPED = Cidr.of("::ffff:0:0/96");
    private static final Cidr IPV4_COMPATIBLE = Cidr.of("::/96");
    private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");

    private final List<Cidr> allowed;

    AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    List<Cidr> allowed() {
        return allowed;
    }

    private boolean isAllowed(byte[] address) {
        for (Cidr c : allowed) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Returns why the address is forbidden, or null if it may be connected to. */
    String forbiddenReason(byte[] address) {
        if (isAllowed(address)) {
            return null;
        }
        if (address.length == 4) {
            return match(IPV4, address);
        }
        if (address.length != 16) {
            return "address of unknown family";
        }
        String direct = match(IPV6.subList(0, 2), address); // :: and ::1 before the IPv4-compatible rule
        if (direct != null) {
            return direct;
        }
        String kind = null;
        byte[] v4 = null;
        if (IPV4_MAPPED.contains(address)) {
            kind = "IPv4-mapped IPv6";
            v4 = slice(address, 12);
        } else if (NAT64.contains(address)) {
            kind = "NAT64 IPv6";
            v4 = slice(address, 12);
        } else if (IPV4_COMPATIBLE.contains(address)) {
            kind = "IPv4-compatible IPv6";
            v4 = slice(address, 12);
        } else if (SIX_TO_FOUR.contains(address)) {
            kind = "6to4 IPv6";
            v4 = slice(address, 2);
        }
        if (v4 != null) {
            if (isAllowed(v4)) {
                return null;
            }
            String reason = match(IPV4, v4);
            return reason == null ? null : reason + " (" + InetLiterals.format(v4) + " embedded in " + kind + ")";
        }
        return match(IPV6, address);
    }

    private static String match(List<Range> ranges, byte[] address) {
        for (Range r : ranges) {
            if (r.cidr().contains(address)) {
                return r.reason();
            }
        }
        return null;
    }

    private static byte[] slice(byte[] address, int from) {
        byte[] out = new byte[4];
        System.arraycopy(address, from, out, 0, 4);
        return out;
    }
}
