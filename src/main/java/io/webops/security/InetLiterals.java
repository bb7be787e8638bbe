package io.webops.security;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decodes IP literals in every spelling a resolver might accept, without calling {@link java.net.InetAddress}
 * (whose acceptance of odd spellings varies between JDKs and platforms).
 */
final class InetLiterals {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
    private static final Pattern DOTTED_DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private InetLiterals() {
    }

    /**
     * True when every dot-separated label of the host (ignoring one trailing dot) is a decimal, octal or hex
     * number, i.e. the host would be taken as an IPv4 address by inet_aton-style parsers if valid.
     */
    static boolean looksNumericIpv4(String host) {
        String h = stripOneTrailingDot(host);
        if (h.isEmpty()) {
            return false;
        }
        for (String label : h.split("\\.", -1)) {
            if (!NUMERIC_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an IPv4 address with inet_aton rules: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x);
     * the last part fills the remaining bytes ({@code 127.1}, {@code 127.0.1}, {@code 2130706433}). One trailing
     * dot is ignored. Returns null if the text is not such an address.
     */
    static byte[] parseIpv4(String host) {
        if (!looksNumericIpv4(host)) {
            return null;
        }
        String[] parts = stripOneTrailingDot(host).split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            BigInteger v = parsePart(parts[i]);
            if (v == null) {
                return null;
            }
            int bitsAvailable = i == parts.length - 1 ? 8 * (5 - parts.length) : 8;
            if (v.bitLength() > bitsAvailable) {
                return null;
            }
            values[i] = v.longValue();
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        address |= values[parts.length - 1];
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** Strict dotted quad (used for operator CIDRs, where odd spellings are a mistake, not an attack). */
    static byte[] parseDottedQuad(String text) {
        if (!DOTTED_DECIMAL.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static BigInteger parsePart(String part) {
        String lower = part.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            String digits = lower.substring(2);
            return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
        }
        if (lower.length() > 1 && lower.startsWith("0")) {
            for (int i = 0; i < lower.length(); i++) {
                if (lower.charAt(i) > '7') {
                    return null; // "08" is not a valid octal number: inet_aton rejects it
                }
            }
            return new BigInteger(lower, 8);
        }
        return new BigInteger(lower, 10);
    }

    /**
     * Parses an IPv6 address (no brackets, no zone id), including an embedded dotted IPv4 tail
     * ({@code ::ffff:127.0.0.1}). Returns 16 bytes or null.
     */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || text.indexOf(':') < 0) {
            return null;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >>> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** Splits "a:b:c" into 16-bit groups; the last element may be a dotted IPv4 address if allowed. */
    private static int[] groups(String s, boolean ipv4TailAllowed) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int extra = 0;
        byte[] v4 = null;
        String last = parts[parts.length - 1];
        if (last.indexOf('.') >= 0) {
            if (!ipv4TailAllowed) {
                return null;
            }
            v4 = parseDottedQuad(last);
            if (v4 == null) {
                return null;
            }
            extra = 1;
        }
        int hexCount = v4 == null ? parts.length : parts.length - 1;
        int[] out = new int[hexCount + 2 * extra];
        for (int i = 0; i < hexCount; i++) {
            if (!HEX_GROUP.matcher(parts[i]).matches()) {
                return null;
            }
            out[i] = Integer.parseInt(parts[i], 16);
        }
        if (v4 != null) {
            out[hexCount] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            out[hexCount + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return out;
    }

    static String stripOneTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
