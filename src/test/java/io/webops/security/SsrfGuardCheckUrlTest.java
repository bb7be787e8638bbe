package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardCheckUrlTest {

    private static final HostResolver NO_DNS = host -> {
        throw new AssertionError("checkUrl must not resolve names, asked for " + host);
    };

    private final SsrfGuard guard = new SsrfGuard(List.of(), NO_DNS);
    private final SsrfGuard loopbackAllowed = new SsrfGuard(List.of("127.0.0.0/8", "::1/128"), NO_DNS);

    /** Forbidden hosts in every spelling; each one must be refused by checkUrl with no allow list. */
    static final List<String> FORBIDDEN_FORMS = List.of(
            // loopback, all spellings
            "http://127.0.0.1/",
            "http://127.0.0.1:8080/x",
            "https://127.0.0.1/",
            "HTTP://127.0.0.1/",
            "http://127.255.255.254/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0X7F000001/",
            "http://017700000001/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://0177.0x0.00.0001/",
            "http://127.1/",
            "http://127.0.1/",
            "http://127.0.0.1./",
            "http://[::1]/",
            "http://[0:0:0:0:0:0:0:1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:127.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://localhost:9000/admin",
            "http://app.localhost/",
            "http://ip6-localhost/",
            // userinfo / fragment tricks: the real host is loopback
            "http://evil.com@127.0.0.1/",
            "http://evil.com:80@127.0.0.1/",
            "http://user:secret@127.0.0.1/",
            "http://127.0.0.1#@evil.com/",
            "http://127.0.0.1:80#@evil.com/",
            // percent-encoded host
            "http://%31%32%37.0.0.1/",
            "http://%6c%6f%63%61%6c%68%6f%73%74/",
            // unspecified
            "http://0.0.0.0/",
            "http://0/",
            "http://0x0/",
            "http://[::]/",
            "http://[0:0:0:0:0:0:0:0]/",
            // cloud metadata
            "http://169.254.169.254/latest/meta-data/",
            "http://2852039166/",
            "http://0xa9fea9fe/",
            "http://0251.0376.0251.0376/",
            "http://0xA9.0xFE.0xA9.0xFE/",
            "http://169.254.43518/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[fd00:ec2::254]/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.GOOGLE.INTERNAL./",
            "http://metadata/",
            "http://instance-data/",
            // private
            "http://10.0.0.1/",
            "http://10.255.255.255/",
            "http://10.1/",
            "http://012.0.0.1/",
            "http://172.16.0.1/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://192.168.257/",
            "http://3232235777/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:c0a8:101]/",
            "http://[2002:c0a8:101::1]/",
            // CGNAT, link-local, special-purpose
            "http://100.64.0.1/",
            "http://100.127.255.254/",
            "http://169.254.1.1/",
            "http://192.0.0.1/",
            "http://192.0.2.1/",
            "http://198.18.0.1/",
            "http://198.19.255.255/",
            "http://198.51.100.1/",
            "http://203.0.113.1/",
            // multicast, reserved, broadcast
            "http://224.0.0.1/",
            "http://239.255.255.250/",
            "http://240.0.0.1/",
            "http://255.255.255.255/",
            // IPv6 unique-local, link-local, multicast, reserved
            "http://[fc00::1]/",
            "http://[fd12:3456:789a::1]/",
            "http://[fe80::1]/",
            "http://[fe80::1%25eth0]/",
            "http://[FE80::1%25en0]:8080/",
            "http://[ff02::1]/",
            "http://[::ffff:0:7f00:1]/",
            // malformed numeric hosts (resolvers disagree about them)
            "http://256.0.0.1/",
            "http://1.2.3.4.5/",
            "http://0x100000000/",
            "http://08.0.0.1/");

    static Stream<String> forbiddenForms() {
        return FORBIDDEN_FORMS.stream();
    }

    @Test
    void atLeastFortyDistinctForbiddenFormsAreTested() {
        assertThat(FORBIDDEN_FORMS).doesNotHaveDuplicates();
        assertThat(FORBIDDEN_FORMS.size()).isGreaterThanOrEqualTo(40);
        System.out.println("SSRF forbidden forms tested: " + FORBIDDEN_FORMS.size());
    }

    @ParameterizedTest
    @MethodSource("forbiddenForms")
    void forbiddenFormIsRefused(String url) {
        assertThatThrownBy(() -> guard.checkUrl(url))
                .isInstanceOf(SsrfException.class)
                .hasMessageStartingWith("Refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "gopher://127.0.0.1:70/_stats",
        "gopher://example.com/",
        "ftp://example.com/file",
        "jar:http://example.com/x.jar!/a.class",
        "data:text/plain,hello",
        "dict://example.com:11211/stat",
        "ldap://example.com/",
        "javascript:alert(1)",
        "netdoc:///etc/passwd",
        "//example.com/no-scheme",
        "/relative/path",
        "http:///no-host",
        "http:example.com",
        "http://",
        "https://:443/",
        "http://exa mple.com/",
        "http://example.com\\@127.0.0.1/"})
    void nonHttpSchemesAndUrlsWithoutHostAreRefused(String url) {
        assertThatThrownBy(() -> guard.checkUrl(url)).isInstanceOf(SsrfException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://93.184.216.34/",
        "https://93.184.216.34:8443/path?q=1",
        "http://[2606:4700::1]/",
        "https://[2606:4700:4700::1111]:443/dns-query",
        "http://8.8.8.8/",
        "http://1551423522/",
        "http://0x5db8d822/",
        "http://[::ffff:93.184.216.34]/",
        "http://[2002:5db8:d822::1]/",
        "http://172.32.0.1/",
        "http://100.128.0.1/",
        "http://11.0.0.1/",
        "https://example.com/path?q=1#frag",
        "https://api.example.com:8443/v1",
        "HTTPS://Example.COM/",
        "http://user@example.com/",
        "http://localhost.example.com/",
        "http://my_service.example.com/"})
    void publicAddressesAndNamesPass(String url) {
        URI uri = guard.checkUrl(url);
        assertThat(uri.toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/",
        "http://127.0.0.1:8080/x",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
        "http://app.localhost/"})
    void allowListLetsLoopbackThrough(String url) {
        assertThatNoException().isThrownBy(() -> loopbackAllowed.checkUrl(url));
        assertThatThrownBy(() -> guard.checkUrl(url)).isInstanceOf(SsrfException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/", "http://169.254.169.254/", "http://[fc00::1]/",
        "http://metadata.google.internal/", "http://192.168.0.1/"})
    void loopbackAllowListDoesNotAllowOtherRanges(String url) {
        assertThatThrownBy(() -> loopbackAllowed.checkUrl(url)).isInstanceOf(SsrfException.class);
    }

    @Test
    void messageSaysWhatWasRefusedAndWhy() {
        assertThatThrownBy(() -> guard.checkUrl("http://127.0.0.1/"))
                .hasMessage("Refused http://127.0.0.1/: 127.0.0.1 is a loopback address (allow it with WEBOPS_SSRF_ALLOW)");
        assertThatThrownBy(() -> guard.checkUrl("http://0x7f000001/admin"))
                .hasMessage("Refused http://0x7f000001/admin: 0x7f000001 (= 127.0.0.1) is a loopback address"
                        + " (allow it with WEBOPS_SSRF_ALLOW)");
        assertThatThrownBy(() -> guard.checkUrl("http://169.254.169.254/latest"))
                .hasMessageContaining("cloud-metadata address");
        assertThatThrownBy(() -> guard.checkUrl("http://100.64.0.1/")).hasMessageContaining("CGNAT");
        assertThatThrownBy(() -> guard.checkUrl("http://[fd12::1]/")).hasMessageContaining("a unique-local address");
        assertThatThrownBy(() -> guard.checkUrl("http://[::ffff:10.0.0.1]/"))
                .hasMessageContaining("a private address (10.0.0.1 embedded in IPv4-mapped IPv6)");
        assertThatThrownBy(() -> guard.checkUrl("http://metadata.google.internal/"))
                .hasMessageContaining("metadata.google.internal is a reserved name for a cloud-metadata address");
        assertThatThrownBy(() -> guard.checkUrl("gopher://example.com/"))
                .hasMessageContaining("only http and https are allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://admin:hunter2@127.0.0.1/?token=sekrit",
        "http://admin:hunter2@10.0.0.1:8080/path#sekrit",
        "http://admin:hunter2@127.1/?token=sekrit",
        "http://admin:hunter2@%31%32%37.0.0.1/?token=sekrit",
        "http://admin:hunter2@127.0.0.1 /?token=sekrit",
        "ftp://admin:hunter2@example.com/?token=sekrit"})
    void messageNeverContainsCredentialsOrQuery(String url) {
        assertThatThrownBy(() -> guard.checkUrl(url))
                .isInstanceOf(SsrfException.class)
                .message()
                .doesNotContain("hunter2")
                .doesNotContain("admin")
                .doesNotContain("sekrit");
    }

    @Test
    void fromSettingParsesCommaSeparatedCidrs() {
        SsrfGuard g = SsrfGuard.fromSetting(" 127.0.0.0/8 , ::1/128,10.1.2.3 ");
        assertThatNoException().isThrownBy(() -> g.checkUrl("http://127.0.0.1/"));
        assertThatNoException().isThrownBy(() -> g.checkUrl("http://[::1]/"));
        assertThatNoException().isThrownBy(() -> g.checkUrl("http://10.1.2.3/"));
        assertThatThrownBy(() -> g.checkUrl("http://10.1.2.4/")).isInstanceOf(SsrfException.class);
    }

    @Test
    void emptyOrNullSettingAllowsNothing() {
        for (String setting : new String[] {"", null, " ", ","}) {
            SsrfGuard g = SsrfGuard.fromSetting(setting);
            assertThatThrownBy(() -> g.checkUrl("http://127.0.0.1/")).isInstanceOf(SsrfException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "nonsense", "10.0.0/8", "::1/129", "0x7f000001/8", "127.0.0.1/-1",
        "256.0.0.0/8", "fe80::1::2/64"})
    void invalidCidrIsRejectedNamingIt(String cidr) {
        assertThatThrownBy(() -> SsrfGuard.fromSetting("127.0.0.0/8," + cidr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + cidr + "'");
    }

    @Test
    void isForbiddenClassifiesAddressesHonouringTheAllowList() throws Exception {
        assertThat(guard.isForbidden(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByAddress(new byte[] {10, 0, 0, 5}))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169,
            (byte) 254}))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByName("::1"))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByName("fd00:ec2::254"))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByName("2002:7f00:1::1"))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByName("64:ff9b::a00:1"))).isTrue();
        assertThat(guard.isForbidden(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34}))).isFalse();
        assertThat(guard.isForbidden(InetAddress.getByName("2606:4700::1"))).isFalse();
        assertThat(guard.isForbidden(InetAddress.getByName("64:ff9b::5db8:d822"))).isFalse();

        assertThat(loopbackAllowed.isForbidden(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))).isFalse();
        assertThat(loopbackAllowed.isForbidden(InetAddress.getByName("::1"))).isFalse();
        assertThat(loopbackAllowed.isForbidden(InetAddress.getByAddress(new byte[] {10, 0, 0, 5}))).isTrue();
    }
}
