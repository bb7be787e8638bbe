package io.webops.security;

import java.util.Arrays;

/** An IPv4 or IPv6 network prefix. */
final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = mask(network, prefixLength);
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Parses {@code 10.0.0.0/8}, {@code ::1/128} or a bare address (a single-host prefix). */
    static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash >= 0 ? t.substring(0, slash) : t;
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        byte[] bytes = addr.indexOf(':') >= 0 ? InetLiterals.parseIpv6(addr) : InetLiterals.parseDottedQuad(addr);
        if (bytes == null) {
            throw invalid(text);
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}")) {
                throw invalid(text);
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw invalid(text);
            }
        }
        return new Cidr(bytes, prefix, t);
    }

    /** Internal constant ranges; {@code text} must be valid. */
    static Cidr of(String text) {
        return parse(text);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("Invalid CIDR in WEBOPS_SSRF_ALLOW: '" + text
                + "' (expected e.g. 127.0.0.0/8 or ::1/128)");
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixLength - 8 * i));
            out[i] = (byte) (out[i] & (0xff00 >>> bitsHere));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
