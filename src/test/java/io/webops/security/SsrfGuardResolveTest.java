package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SsrfGuardResolveTest {

    private final FakeDns dns = new FakeDns(Map.of(
            "internal.example", List.of("10.0.0.5"),
            "public.example", List.of("93.184.216.34", "2606:4700::1"),
            "mixed.example", List.of("93.184.216.34", "10.0.0.5"),
            "mapped.example", List.of("::ffff:127.0.0.1"),
            "metadata.example", List.of("169.254.169.254"),
            "loop.example", List.of("127.0.0.1")));
    private final SsrfGuard guard = new SsrfGuard(List.of(), dns);

    @Test
    void nameResolvingToPrivateAddressIsRefused() {
        assertThat(guard.checkUrl("http://internal.example/")).isNotNull(); // no DNS in checkUrl
        assertThatThrownBy(() -> guard.resolve("internal.example"))
                .isInstanceOf(SsrfException.class)
                .hasMessage("Refused host internal.example: it resolves to 10.0.0.5, a private address"
                        + " (allow it with WEBOPS_SSRF_ALLOW)");
    }

    @Test
    void anyForbiddenAnswerRefusesTheWholeName() {
        assertThatThrownBy(() -> guard.resolve("mixed.example")).isInstanceOf(SsrfException.class);
        assertThatThrownBy(() -> guard.resolve("mapped.example")).isInstanceOf(SsrfException.class)
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> guard.resolve("metadata.example")).isInstanceOf(SsrfException.class)
                .hasMessageContaining("cloud-metadata");
    }

    @Test
    void publicAnswersAreReturned() {
        InetAddress[] addresses = guard.resolve("public.example");
        assertThat(addresses).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:4700:0:0:0:0:0:1");
    }

    @Test
    void literalsInAnySpellingAreDecodedNotLookedUp() {
        assertThatThrownBy(() -> guard.resolve("0x7f000001")).isInstanceOf(SsrfException.class);
        assertThatThrownBy(() -> guard.resolve("127.1")).isInstanceOf(SsrfException.class);
        assertThatThrownBy(() -> guard.resolve("[::1]")).isInstanceOf(SsrfException.class);
        assertThatThrownBy(() -> guard.resolve("::ffff:7f00:1")).isInstanceOf(SsrfException.class);
        assertThatThrownBy(() -> guard.resolve("fe80::1%eth0")).isInstanceOf(SsrfException.class);
        assertThatThrownBy(() -> guard.resolve("localhost")).isInstanceOf(SsrfException.class);
        assertThat(guard.resolve("0x5db8d822")).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
        assertThat(dns.calls).isEmpty();
    }

    @Test
    void allowListAppliesToResolvedAnswers() {
        SsrfGuard allowing = new SsrfGuard(List.of("10.0.0.0/24", "127.0.0.0/8"), dns);
        assertThat(allowing.resolve("internal.example")).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.5");
        assertThat(allowing.resolve("mapped.example")).hasSize(1);
        assertThat(allowing.resolve("loop.example")).hasSize(1);
        assertThatThrownBy(() -> allowing.resolve("metadata.example")).isInstanceOf(SsrfException.class);
    }

    @Test
    void unknownNameIsAnUnknownHostNotAnSsrfRefusal() {
        assertThatThrownBy(() -> guard.resolve("nxdomain.example"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> guard.dnsResolver().resolve("nxdomain.example"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void dnsResolverRefusesForbiddenAnswers() throws Exception {
        assertThatThrownBy(() -> guard.dnsResolver().resolve("internal.example")).isInstanceOf(SsrfException.class);
        assertThat(guard.dnsResolver().resolve("public.example")).hasSize(2);
    }

    @Test
    void rebindingResolverPassesFirstCheckButIsCaughtOnTheNextResolution() {
        AtomicInteger counter = new AtomicInteger();
        SsrfGuard rebinding = new SsrfGuard(List.of(), FakeDns.rebinding("93.184.216.34", "127.0.0.1", counter));
        assertThat(rebinding.checkUrl("http://rebind.example/")).isNotNull();
        assertThat(rebinding.resolve("rebind.example")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThatThrownBy(() -> rebinding.resolve("rebind.example"))
                .isInstanceOf(SsrfException.class)
                .hasMessageContaining("127.0.0.1, a loopback address");
    }
}
